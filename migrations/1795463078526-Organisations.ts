import { MigrationInterface, QueryRunner } from "typeorm";

export class Organisations1795463078526 implements MigrationInterface {
    name = 'Organisations1795463078526'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."agency_kind" AS ENUM('POLICE', 'COUNCIL', 'HOUSING_PROVIDER', 'HEALTH', 'FIRE_AND_RESCUE', 'OTHER')`);
        await queryRunner.query(`CREATE TABLE "agency" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "name" text NOT NULL, "kind" "public"."agency_kind" NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_fbda24d0286deca69d0b8d30f10" UNIQUE ("code"), CONSTRAINT "PK_ab1244724d1c216e9720635a2e5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "partnership" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "name" text NOT NULL, "lead_agency_id" uuid NOT NULL, "threshold_rules" jsonb NOT NULL, "response_working_days" integer NOT NULL DEFAULT '25', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e342305a6dd804bef61a941d158" UNIQUE ("code"), CONSTRAINT "PK_f1bf1be9f475497d8b396d4cc56" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_49fa2a8197f047454ae1b07a3d" ON "partnership"  ("lead_agency_id") `);
        await queryRunner.query(`CREATE TABLE "partnership_agency" ("partnership_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2e18f419fe83edd742beeac4113" PRIMARY KEY ("partnership_id", "agency_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_5011b98d931792a44c25c8ed99" ON "partnership_agency"  ("agency_id") `);
        await queryRunner.query(`CREATE TYPE "public"."role" AS ENUM('ADMIN', 'CST_OFFICER', 'CONTRIBUTOR', 'RESPONDER', 'PANEL_MEMBER', 'AUDITOR')`);
        await queryRunner.query(`CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text NOT NULL, "agency_id" uuid NOT NULL, "roles" "public"."role" array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_3fa909d0e37c531ebc237703391" UNIQUE ("email"), CONSTRAINT "app_user_email_lower" CHECK (email = lower(email)), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_6c389af3b251d151c0627d856f" ON "app_user"  ("agency_id") `);
        await queryRunner.query(`ALTER TABLE "partnership" ADD CONSTRAINT "FK_49fa2a8197f047454ae1b07a3dd" FOREIGN KEY ("lead_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "partnership_agency" ADD CONSTRAINT "FK_4b862b323b4371d91d02c8099b5" FOREIGN KEY ("partnership_id") REFERENCES "partnership"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "partnership_agency" ADD CONSTRAINT "FK_5011b98d931792a44c25c8ed993" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "app_user" ADD CONSTRAINT "FK_6c389af3b251d151c0627d856f5" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "FK_6c389af3b251d151c0627d856f5"`);
        await queryRunner.query(`ALTER TABLE "partnership_agency" DROP CONSTRAINT "FK_5011b98d931792a44c25c8ed993"`);
        await queryRunner.query(`ALTER TABLE "partnership_agency" DROP CONSTRAINT "FK_4b862b323b4371d91d02c8099b5"`);
        await queryRunner.query(`ALTER TABLE "partnership" DROP CONSTRAINT "FK_49fa2a8197f047454ae1b07a3dd"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_6c389af3b251d151c0627d856f"`);
        await queryRunner.query(`DROP TABLE "app_user"`);
        await queryRunner.query(`DROP TYPE "public"."role"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_5011b98d931792a44c25c8ed99"`);
        await queryRunner.query(`DROP TABLE "partnership_agency"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_49fa2a8197f047454ae1b07a3d"`);
        await queryRunner.query(`DROP TABLE "partnership"`);
        await queryRunner.query(`DROP TABLE "agency"`);
        await queryRunner.query(`DROP TYPE "public"."agency_kind"`);
    }

}
