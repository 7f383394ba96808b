import { MigrationInterface, QueryRunner } from "typeorm";

export class RiskAssessments1795486000000 implements MigrationInterface {
    name = 'RiskAssessments1795486000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."risk_level" AS ENUM('STANDARD', 'MEDIUM', 'HIGH')`);
        await queryRunner.query(`CREATE TABLE "risk_assessment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "version" integer NOT NULL, "level" "public"."risk_level" NOT NULL, "score" integer NOT NULL, "answers" jsonb NOT NULL, "assessed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "assessed_by_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "review_due_on" date, CONSTRAINT "risk_assessment_case_version" UNIQUE ("case_id", "version"), CONSTRAINT "PK_864a35a16fcb683df546ac6134e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_139985b8e4f6a1e871d06960d3" ON "risk_assessment"  ("agency_id") `);
        await queryRunner.query(`CREATE TABLE "risk_scheme" ("partnership_id" uuid NOT NULL, "questions" jsonb NOT NULL, "high_from_score" integer NOT NULL, "medium_from_score" integer NOT NULL, "high_review_days" integer NOT NULL, "medium_review_days" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_76154cb11b41334a4a1bca9088a" PRIMARY KEY ("partnership_id"))`);
        await queryRunner.query(`ALTER TABLE "case_review" ADD "risk_high" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "case_review" ADD "risk_review_due_on" date`);
        await queryRunner.query(`ALTER TABLE "risk_assessment" ADD CONSTRAINT "FK_0dd393f81f13df6d619bbe51a35" FOREIGN KEY ("case_id") REFERENCES "case_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "risk_assessment" ADD CONSTRAINT "FK_f9bd36be3b5d13b219973ef1b3e" FOREIGN KEY ("assessed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "risk_assessment" ADD CONSTRAINT "FK_139985b8e4f6a1e871d06960d39" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "risk_scheme" ADD CONSTRAINT "FK_76154cb11b41334a4a1bca9088a" FOREIGN KEY ("partnership_id") REFERENCES "partnership"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "risk_scheme" DROP CONSTRAINT "FK_76154cb11b41334a4a1bca9088a"`);
        await queryRunner.query(`ALTER TABLE "risk_assessment" DROP CONSTRAINT "FK_139985b8e4f6a1e871d06960d39"`);
        await queryRunner.query(`ALTER TABLE "risk_assessment" DROP CONSTRAINT "FK_f9bd36be3b5d13b219973ef1b3e"`);
        await queryRunner.query(`ALTER TABLE "risk_assessment" DROP CONSTRAINT "FK_0dd393f81f13df6d619bbe51a35"`);
        await queryRunner.query(`ALTER TABLE "case_review" DROP COLUMN "risk_review_due_on"`);
        await queryRunner.query(`ALTER TABLE "case_review" DROP COLUMN "risk_high"`);
        await queryRunner.query(`DROP TABLE "risk_scheme"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_139985b8e4f6a1e871d06960d3"`);
        await queryRunner.query(`DROP TABLE "risk_assessment"`);
        await queryRunner.query(`DROP TYPE "public"."risk_level"`);
    }

}
