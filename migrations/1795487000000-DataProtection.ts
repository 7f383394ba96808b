import { MigrationInterface, QueryRunner } from "typeorm";

export class DataProtection1795487000000 implements MigrationInterface {
    name = 'DataProtection1795487000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "erasure" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "entity" text NOT NULL, "entity_id" uuid NOT NULL, "cause" text NOT NULL, "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "erased_by_id" uuid NOT NULL, "reason" text, CONSTRAINT "erasure_record" UNIQUE ("entity", "entity_id"), CONSTRAINT "erasure_cause" CHECK (cause IN ('REQUEST', 'RETENTION')), CONSTRAINT "erasure_entity" CHECK (entity IN ('Person', 'Incident', 'CaseReview')), CONSTRAINT "PK_9319154af7dd3e180c732f147ec" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_ece008abc9a09223341eb4f957" ON "erasure"  ("erased_at") `);
        await queryRunner.query(`CREATE TABLE "retention_policy" ("partnership_id" uuid NOT NULL, "case_years" integer NOT NULL, "incident_years" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by_id" uuid NOT NULL, CONSTRAINT "retention_policy_years" CHECK (case_years BETWEEN 1 AND 100 AND incident_years BETWEEN 1 AND 100), CONSTRAINT "PK_0897cca866df9eaf45d8dadfb01" PRIMARY KEY ("partnership_id"))`);
        await queryRunner.query(`ALTER TABLE "access_log" ADD "lawful_basis" text`);
        await queryRunner.query(`ALTER TYPE "public"."role" ADD VALUE 'DATA_PROTECTION_OFFICER'`);
        await queryRunner.query(`ALTER TABLE "access_log" ADD CONSTRAINT "access_log_lawful_basis" CHECK (lawful_basis IN ('CONSENT', 'ASB_ACT_SCHEDULE_4', 'CRIME_AND_DISORDER_ACT_S115', 'OWN_RECORD', 'LEGAL_OBLIGATION'))`);
        await queryRunner.query(`ALTER TABLE "erasure" ADD CONSTRAINT "FK_07aaca18329815016caa95ed54c" FOREIGN KEY ("erased_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "retention_policy" ADD CONSTRAINT "FK_0897cca866df9eaf45d8dadfb01" FOREIGN KEY ("partnership_id") REFERENCES "partnership"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "retention_policy" ADD CONSTRAINT "FK_3221db7d35ccdcbbef0ce955a9c" FOREIGN KEY ("updated_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "retention_policy" DROP CONSTRAINT "FK_3221db7d35ccdcbbef0ce955a9c"`);
        await queryRunner.query(`ALTER TABLE "retention_policy" DROP CONSTRAINT "FK_0897cca866df9eaf45d8dadfb01"`);
        await queryRunner.query(`ALTER TABLE "erasure" DROP CONSTRAINT "FK_07aaca18329815016caa95ed54c"`);
        await queryRunner.query(`ALTER TABLE "access_log" DROP CONSTRAINT "access_log_lawful_basis"`);
        await queryRunner.query(`CREATE TYPE "public"."role_old" AS ENUM('ADMIN', 'CST_OFFICER', 'CONTRIBUTOR', 'RESPONDER', 'PANEL_MEMBER', 'AUDITOR')`);
        await queryRunner.query(`ALTER TABLE "app_user" ALTER COLUMN "roles" TYPE "public"."role_old"[] USING "roles"::"text"::"public"."role_old"[]`);
        await queryRunner.query(`DROP TYPE "public"."role"`);
        await queryRunner.query(`ALTER TYPE "public"."role_old" RENAME TO "role"`);
        await queryRunner.query(`ALTER TABLE "access_log" DROP COLUMN "lawful_basis"`);
        await queryRunner.query(`DROP TABLE "retention_policy"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ece008abc9a09223341eb4f957"`);
        await queryRunner.query(`DROP TABLE "erasure"`);
    }

}
