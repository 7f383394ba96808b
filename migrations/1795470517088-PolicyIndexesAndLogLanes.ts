import { MigrationInterface, QueryRunner } from "typeorm";

export class PolicyIndexesAndLogLanes1795470517088 implements MigrationInterface {
    name = 'PolicyIndexesAndLogLanes1795470517088'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "access_log" ADD "lane" smallint NOT NULL DEFAULT '0'`);
        await queryRunner.query(`CREATE INDEX "case_review_applicant" ON "case_review"  ("applicant_id") `);
        await queryRunner.query(`CREATE INDEX "case_review_victim" ON "case_review"  ("victim_id") `);
        await queryRunner.query(`CREATE INDEX "access_log_lane" ON "access_log"  ("lane", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."access_log_lane"`);
        await queryRunner.query(`DROP INDEX "public"."case_review_victim"`);
        await queryRunner.query(`DROP INDEX "public"."case_review_applicant"`);
        await queryRunner.query(`ALTER TABLE "access_log" DROP COLUMN "lane"`);
    }

}
