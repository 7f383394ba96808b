import { MigrationInterface, QueryRunner } from "typeorm";

export class ConsentHolds1795480000000 implements MigrationInterface {
    name = 'ConsentHolds1795480000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "consent_withdrawal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "partnership_id" uuid NOT NULL, "case_id" uuid NOT NULL, "name_key" text NOT NULL, "date_of_birth" date, "postcode_key" text, "withdrawn_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4e169f7762452fe2447ab0b1a6e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_2904336ac5a7cb8ca208b2b006" ON "consent_withdrawal"  ("case_id") `);
        await queryRunner.query(`CREATE INDEX "consent_withdrawal_person" ON "consent_withdrawal"  ("partnership_id", "name_key") `);
        await queryRunner.query(`CREATE TABLE "partnership_independent_chair" ("partnership_id" uuid NOT NULL, "user_id" uuid NOT NULL, "added_by_id" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3fba0820243711d35573961db65" PRIMARY KEY ("partnership_id", "user_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_7daddceef7dc23f662dca42acf" ON "partnership_independent_chair"  ("user_id") `);
        await queryRunner.query(`ALTER TABLE "case_review" ADD "consent_awaiting_confirmation" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "case_review" ADD "consent_confirmed_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "case_review" ADD "consent_confirmed_by_id" uuid`);
        await queryRunner.query(`ALTER TABLE "information_request" ADD "attached_incident_ids" uuid array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "case_review" ADD CONSTRAINT "FK_40c72d27b9631acd8df083cfc3b" FOREIGN KEY ("consent_confirmed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "consent_withdrawal" ADD CONSTRAINT "FK_ad8385f7956d83e815c3f76acdf" FOREIGN KEY ("partnership_id") REFERENCES "partnership"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "consent_withdrawal" ADD CONSTRAINT "FK_2904336ac5a7cb8ca208b2b0063" FOREIGN KEY ("case_id") REFERENCES "case_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "consent_withdrawal" ADD CONSTRAINT "FK_16072888920f6b8a2b9f03ba3c8" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "partnership_independent_chair" ADD CONSTRAINT "FK_3f89e05843e423ee5ff17e2bcdc" FOREIGN KEY ("partnership_id") REFERENCES "partnership"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "partnership_independent_chair" ADD CONSTRAINT "FK_7daddceef7dc23f662dca42acf6" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "partnership_independent_chair" DROP CONSTRAINT "FK_7daddceef7dc23f662dca42acf6"`);
        await queryRunner.query(`ALTER TABLE "partnership_independent_chair" DROP CONSTRAINT "FK_3f89e05843e423ee5ff17e2bcdc"`);
        await queryRunner.query(`ALTER TABLE "consent_withdrawal" DROP CONSTRAINT "FK_16072888920f6b8a2b9f03ba3c8"`);
        await queryRunner.query(`ALTER TABLE "consent_withdrawal" DROP CONSTRAINT "FK_2904336ac5a7cb8ca208b2b0063"`);
        await queryRunner.query(`ALTER TABLE "consent_withdrawal" DROP CONSTRAINT "FK_ad8385f7956d83e815c3f76acdf"`);
        await queryRunner.query(`ALTER TABLE "case_review" DROP CONSTRAINT "FK_40c72d27b9631acd8df083cfc3b"`);
        await queryRunner.query(`ALTER TABLE "information_request" DROP COLUMN "attached_incident_ids"`);
        await queryRunner.query(`ALTER TABLE "case_review" DROP COLUMN "consent_confirmed_by_id"`);
        await queryRunner.query(`ALTER TABLE "case_review" DROP COLUMN "consent_confirmed_at"`);
        await queryRunner.query(`ALTER TABLE "case_review" DROP COLUMN "consent_awaiting_confirmation"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7daddceef7dc23f662dca42acf"`);
        await queryRunner.query(`DROP TABLE "partnership_independent_chair"`);
        await queryRunner.query(`DROP INDEX "public"."consent_withdrawal_person"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2904336ac5a7cb8ca208b2b006"`);
        await queryRunner.query(`DROP TABLE "consent_withdrawal"`);
    }

}
