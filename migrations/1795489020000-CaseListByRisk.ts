import { MigrationInterface, QueryRunner } from "typeorm";

export class CaseListByRisk1795489020000 implements MigrationInterface {
    name = 'CaseListByRisk1795489020000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "case_review_partnership_risk_received" ON "case_review"  ("partnership_id", "risk_high", "received_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."case_review_partnership_risk_received"`);
    }

}
