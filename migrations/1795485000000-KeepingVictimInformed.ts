import { MigrationInterface, QueryRunner } from "typeorm";

export class KeepingVictimInformed1795485000000 implements MigrationInterface {
    name = 'KeepingVictimInformed1795485000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."contact_direction" AS ENUM('TO_APPLICANT', 'FROM_APPLICANT', 'TO_VICTIM', 'FROM_VICTIM')`);
        await queryRunner.query(`CREATE TYPE "public"."letter_kind" AS ENUM('ACKNOWLEDGEMENT', 'THRESHOLD_MET', 'THRESHOLD_NOT_MET', 'DELAY', 'OUTCOME', 'SECONDARY_REVIEW_OUTCOME', 'CLOSURE')`);
        await queryRunner.query(`CREATE TABLE "contact" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "direction" "public"."contact_direction" NOT NULL, "channel" "public"."channel" NOT NULL, "letter" "public"."letter_kind", "summary" text NOT NULL, "by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2cbbe00f59ab6b3bb5b8d19f989" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_562717af20fdbfe7306f764d3e" ON "contact"  ("case_id", "at") `);
        await queryRunner.query(`CREATE TYPE "public"."panel_attendance" AS ENUM('IN_PERSON', 'ONLINE', 'STATEMENT_ONLY', 'DECLINED', 'NOT_INVITED')`);
        await queryRunner.query(`CREATE TABLE "victim_involvement" ("case_id" uuid NOT NULL, "preferred_channel" "public"."channel", "wants_to_attend_panel" boolean NOT NULL, "update_every_days" integer, "attendance" "public"."panel_attendance", "not_invited_reason" text, "statement" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by_id" uuid NOT NULL, CONSTRAINT "PK_7375d443e819fb0d2119104ef4b" PRIMARY KEY ("case_id"))`);
        // (TypeORM generated letter_kind a second time here, for letter_template's column of the same enum: removed.)
        await queryRunner.query(`CREATE TABLE "letter_template" ("partnership_id" uuid NOT NULL, "kind" "public"."letter_kind" NOT NULL, "body" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by_id" uuid NOT NULL, CONSTRAINT "PK_8f416c65809e7c93eb27086aab7" PRIMARY KEY ("partnership_id", "kind"))`);
        await queryRunner.query(`CREATE TABLE "letterhead" ("partnership_id" uuid NOT NULL, "address" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by_id" uuid NOT NULL, CONSTRAINT "PK_661e3714adf8b4409f25b90bec0" PRIMARY KEY ("partnership_id"))`);
        await queryRunner.query(`CREATE TABLE "reminder_sent" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "item" text NOT NULL, "item_id" uuid NOT NULL, "case_id" uuid NOT NULL, "recipient_id" uuid NOT NULL, "on_date" date NOT NULL, "due_on" date NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "reminder_sent_once_a_day" UNIQUE ("item", "item_id", "recipient_id", "on_date"), CONSTRAINT "PK_e1f9fed5a4711488a360325710b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_ca19f28bd7a7dfe3ebf04a0df6" ON "reminder_sent"  ("case_id") `);
        await queryRunner.query(`ALTER TABLE "partnership" ADD "acknowledge_working_days" integer NOT NULL DEFAULT '5'`);
        await queryRunner.query(`ALTER TABLE "partnership" ADD "threshold_decision_working_days" integer NOT NULL DEFAULT '10'`);
        await queryRunner.query(`ALTER TABLE "partnership" ADD "panel_working_days" integer NOT NULL DEFAULT '20'`);
        await queryRunner.query(`ALTER TABLE "contact" ADD CONSTRAINT "FK_16de7d0280fa4ea09cbf0381db3" FOREIGN KEY ("case_id") REFERENCES "case_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "contact" ADD CONSTRAINT "FK_59a034d217d287678727ed880be" FOREIGN KEY ("by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "victim_involvement" ADD CONSTRAINT "FK_7375d443e819fb0d2119104ef4b" FOREIGN KEY ("case_id") REFERENCES "case_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "victim_involvement" ADD CONSTRAINT "FK_7e93039aca87d3d17329c4b873c" FOREIGN KEY ("updated_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "letter_template" ADD CONSTRAINT "FK_9269c533c4d68c6afcccf3f12e0" FOREIGN KEY ("partnership_id") REFERENCES "partnership"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "letter_template" ADD CONSTRAINT "FK_8131711150069dbbd189de1db70" FOREIGN KEY ("updated_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "letterhead" ADD CONSTRAINT "FK_661e3714adf8b4409f25b90bec0" FOREIGN KEY ("partnership_id") REFERENCES "partnership"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "letterhead" ADD CONSTRAINT "FK_d25b64c9f0e092ff7b7834d0837" FOREIGN KEY ("updated_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reminder_sent" ADD CONSTRAINT "FK_ca19f28bd7a7dfe3ebf04a0df68" FOREIGN KEY ("case_id") REFERENCES "case_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reminder_sent" ADD CONSTRAINT "FK_c3dab8ec9e437ba5a5c7d70d56d" FOREIGN KEY ("recipient_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reminder_sent" DROP CONSTRAINT "FK_c3dab8ec9e437ba5a5c7d70d56d"`);
        await queryRunner.query(`ALTER TABLE "reminder_sent" DROP CONSTRAINT "FK_ca19f28bd7a7dfe3ebf04a0df68"`);
        await queryRunner.query(`ALTER TABLE "letterhead" DROP CONSTRAINT "FK_d25b64c9f0e092ff7b7834d0837"`);
        await queryRunner.query(`ALTER TABLE "letterhead" DROP CONSTRAINT "FK_661e3714adf8b4409f25b90bec0"`);
        await queryRunner.query(`ALTER TABLE "letter_template" DROP CONSTRAINT "FK_8131711150069dbbd189de1db70"`);
        await queryRunner.query(`ALTER TABLE "letter_template" DROP CONSTRAINT "FK_9269c533c4d68c6afcccf3f12e0"`);
        await queryRunner.query(`ALTER TABLE "victim_involvement" DROP CONSTRAINT "FK_7e93039aca87d3d17329c4b873c"`);
        await queryRunner.query(`ALTER TABLE "victim_involvement" DROP CONSTRAINT "FK_7375d443e819fb0d2119104ef4b"`);
        await queryRunner.query(`ALTER TABLE "contact" DROP CONSTRAINT "FK_59a034d217d287678727ed880be"`);
        await queryRunner.query(`ALTER TABLE "contact" DROP CONSTRAINT "FK_16de7d0280fa4ea09cbf0381db3"`);
        await queryRunner.query(`ALTER TABLE "partnership" DROP COLUMN "panel_working_days"`);
        await queryRunner.query(`ALTER TABLE "partnership" DROP COLUMN "threshold_decision_working_days"`);
        await queryRunner.query(`ALTER TABLE "partnership" DROP COLUMN "acknowledge_working_days"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ca19f28bd7a7dfe3ebf04a0df6"`);
        await queryRunner.query(`DROP TABLE "reminder_sent"`);
        await queryRunner.query(`DROP TABLE "letterhead"`);
        await queryRunner.query(`DROP TABLE "letter_template"`);
        await queryRunner.query(`DROP TABLE "victim_involvement"`);
        await queryRunner.query(`DROP TYPE "public"."panel_attendance"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_562717af20fdbfe7306f764d3e"`);
        await queryRunner.query(`DROP TABLE "contact"`);
        await queryRunner.query(`DROP TYPE "public"."letter_kind"`);
        await queryRunner.query(`DROP TYPE "public"."contact_direction"`);
    }

}
