import { MigrationInterface, QueryRunner } from "typeorm";

export class CaseReviews1795464142823 implements MigrationInterface {
    name = 'CaseReviews1795464142823'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."case_status" AS ENUM('RECEIVED', 'THRESHOLD_NOT_MET', 'IN_REVIEW', 'PANEL_SCHEDULED', 'REVIEWED', 'OUTCOME_SENT', 'SECONDARY_REVIEW', 'CLOSED', 'WITHDRAWN')`);
        await queryRunner.query(`CREATE TYPE "public"."channel" AS ENUM('PHONE', 'POST', 'EMAIL', 'ONLINE', 'IN_PERSON')`);
        await queryRunner.query(`CREATE TYPE "public"."applicant_relationship" AS ENUM('SELF', 'FAMILY_MEMBER', 'FRIEND', 'CARER', 'COUNCILLOR', 'MEMBER_OF_PARLIAMENT', 'PROFESSIONAL', 'OTHER')`);
        await queryRunner.query(`CREATE TABLE "case_review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "partnership_id" uuid NOT NULL, "reference" text NOT NULL, "received_year" integer NOT NULL, "sequence" integer NOT NULL, "status" "public"."case_status" NOT NULL DEFAULT 'RECEIVED', "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "channel" "public"."channel" NOT NULL, "applicant_id" uuid NOT NULL, "relationship" "public"."applicant_relationship" NOT NULL, "victim_id" uuid NOT NULL, "consent_given_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consent_channel" "public"."channel" NOT NULL, "consent_withdrawn_at" TIMESTAMP WITH TIME ZONE, "reported_incidents" jsonb NOT NULL, "threshold_met" boolean, "threshold_reason" text, "threshold_alternative_action" text, "threshold_decided_at" TIMESTAMP WITH TIME ZONE, "threshold_decided_by_id" uuid, "outcome_sent_at" TIMESTAMP WITH TIME ZONE, "secondary_review_requested_at" TIMESTAMP WITH TIME ZONE, "secondary_review_reason" text, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_61940d53a274d259da58115e409" UNIQUE ("reference"), CONSTRAINT "case_review_number" UNIQUE ("partnership_id", "received_year", "sequence"), CONSTRAINT "PK_413b3833522b8e3437eb304b16f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "case_review_partnership_received" ON "case_review"  ("partnership_id", "received_at", "id") `);
        await queryRunner.query(`CREATE TABLE "case_reference_counter" ("partnership_id" uuid NOT NULL, "year" integer NOT NULL, "last_sequence" integer NOT NULL, CONSTRAINT "PK_496e07f74a5c38c98b8a8238d26" PRIMARY KEY ("partnership_id", "year"))`);
        await queryRunner.query(`CREATE TABLE "case_event" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "case_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "type" text NOT NULL, "actor_id" uuid, "note" text, CONSTRAINT "PK_5b6e18b2d4fd178711a2269645e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_711de5541284b22dd209597ac7" ON "case_event"  ("case_id", "id") `);
        await queryRunner.query(`CREATE TABLE "case_incident" ("case_id" uuid NOT NULL, "incident_id" uuid NOT NULL, "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "linked_by_id" uuid NOT NULL, CONSTRAINT "PK_acf2e63f52fac50a72722ad006a" PRIMARY KEY ("case_id", "incident_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_b2b19ef2ec332e0aceb6544040" ON "case_incident"  ("incident_id") `);
        await queryRunner.query(`CREATE TABLE "information_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "question" text NOT NULL, "due_on" date NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "requested_by_id" uuid NOT NULL, "response_summary" text, "response_actions" text array, "responded_at" TIMESTAMP WITH TIME ZONE, "responded_by_id" uuid, CONSTRAINT "PK_22ee58c0e1303385ecf6cda545d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_10c5ced818346138b8682daf3f" ON "information_request"  ("case_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_f2c3b627f14a10389bd608abc1" ON "information_request"  ("agency_id", "responded_at") `);
        await queryRunner.query(`CREATE TABLE "panel" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "round" integer NOT NULL, "meeting_at" TIMESTAMP WITH TIME ZONE NOT NULL, "independent_chair" boolean NOT NULL, "findings" text, "reviewed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "panel_case_round" UNIQUE ("case_id", "round"), CONSTRAINT "PK_bbd5674b69f7448974aa41ab347" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "panel_member" ("panel_id" uuid NOT NULL, "user_id" uuid NOT NULL, "is_chair" boolean NOT NULL, CONSTRAINT "PK_6f09835b10c042c75855d28b48b" PRIMARY KEY ("panel_id", "user_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_fb003c22350acf3c1f67f3ffa6" ON "panel_member"  ("user_id") `);
        await queryRunner.query(`CREATE TYPE "public"."recommendation_status" AS ENUM('AWAITING_RESPONSE', 'ACCEPTED', 'DECLINED', 'COMPLETED')`);
        await queryRunner.query(`CREATE TABLE "recommendation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "panel_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "position" integer NOT NULL, "text" text NOT NULL, "due_on" date, "status" "public"."recommendation_status" NOT NULL DEFAULT 'AWAITING_RESPONSE', "response_reason" text, "responded_at" TIMESTAMP WITH TIME ZONE, "responded_by_id" uuid, "completed_at" TIMESTAMP WITH TIME ZONE, "completion_note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_17cb51984a6627ef2ce7370e23c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_d9dce446c4c6d7122c9dc64abf" ON "recommendation"  ("case_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_1f57d18826db480fd3ecdcd448" ON "recommendation"  ("agency_id", "status") `);
        await queryRunner.query(`ALTER TABLE "case_review" ADD CONSTRAINT "FK_c2ac03d5ea3eb6c72e94162530f" FOREIGN KEY ("partnership_id") REFERENCES "partnership"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_review" ADD CONSTRAINT "FK_1453080d31926dcfd101db401ad" FOREIGN KEY ("applicant_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_review" ADD CONSTRAINT "FK_81b5b57b2fd853b47d59e030913" FOREIGN KEY ("victim_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_review" ADD CONSTRAINT "FK_303462fe9d2457de73fa3784d9e" FOREIGN KEY ("threshold_decided_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_event" ADD CONSTRAINT "FK_85962fcd8d72296385c01a5dd45" FOREIGN KEY ("case_id") REFERENCES "case_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_incident" ADD CONSTRAINT "FK_6d736a2160d5f4f69142290af5c" FOREIGN KEY ("case_id") REFERENCES "case_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_incident" ADD CONSTRAINT "FK_b2b19ef2ec332e0aceb65440404" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "information_request" ADD CONSTRAINT "FK_10c5ced818346138b8682daf3ff" FOREIGN KEY ("case_id") REFERENCES "case_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "information_request" ADD CONSTRAINT "FK_ad50028424001a48b8c7602072b" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "panel" ADD CONSTRAINT "FK_6e95dd5e30e3678c40016f4dcb7" FOREIGN KEY ("case_id") REFERENCES "case_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "panel_member" ADD CONSTRAINT "FK_b721006f03f653332d8eee6284a" FOREIGN KEY ("panel_id") REFERENCES "panel"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "panel_member" ADD CONSTRAINT "FK_fb003c22350acf3c1f67f3ffa67" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "recommendation" ADD CONSTRAINT "FK_d9dce446c4c6d7122c9dc64abf7" FOREIGN KEY ("case_id") REFERENCES "case_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "recommendation" ADD CONSTRAINT "FK_ca89c030bc3643332badd48e6b9" FOREIGN KEY ("panel_id") REFERENCES "panel"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "recommendation" ADD CONSTRAINT "FK_c51c1d46ac6079f3dbb9f07f909" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "recommendation" DROP CONSTRAINT "FK_c51c1d46ac6079f3dbb9f07f909"`);
        await queryRunner.query(`ALTER TABLE "recommendation" DROP CONSTRAINT "FK_ca89c030bc3643332badd48e6b9"`);
        await queryRunner.query(`ALTER TABLE "recommendation" DROP CONSTRAINT "FK_d9dce446c4c6d7122c9dc64abf7"`);
        await queryRunner.query(`ALTER TABLE "panel_member" DROP CONSTRAINT "FK_fb003c22350acf3c1f67f3ffa67"`);
        await queryRunner.query(`ALTER TABLE "panel_member" DROP CONSTRAINT "FK_b721006f03f653332d8eee6284a"`);
        await queryRunner.query(`ALTER TABLE "panel" DROP CONSTRAINT "FK_6e95dd5e30e3678c40016f4dcb7"`);
        await queryRunner.query(`ALTER TABLE "information_request" DROP CONSTRAINT "FK_ad50028424001a48b8c7602072b"`);
        await queryRunner.query(`ALTER TABLE "information_request" DROP CONSTRAINT "FK_10c5ced818346138b8682daf3ff"`);
        await queryRunner.query(`ALTER TABLE "case_incident" DROP CONSTRAINT "FK_b2b19ef2ec332e0aceb65440404"`);
        await queryRunner.query(`ALTER TABLE "case_incident" DROP CONSTRAINT "FK_6d736a2160d5f4f69142290af5c"`);
        await queryRunner.query(`ALTER TABLE "case_event" DROP CONSTRAINT "FK_85962fcd8d72296385c01a5dd45"`);
        await queryRunner.query(`ALTER TABLE "case_review" DROP CONSTRAINT "FK_303462fe9d2457de73fa3784d9e"`);
        await queryRunner.query(`ALTER TABLE "case_review" DROP CONSTRAINT "FK_81b5b57b2fd853b47d59e030913"`);
        await queryRunner.query(`ALTER TABLE "case_review" DROP CONSTRAINT "FK_1453080d31926dcfd101db401ad"`);
        await queryRunner.query(`ALTER TABLE "case_review" DROP CONSTRAINT "FK_c2ac03d5ea3eb6c72e94162530f"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_1f57d18826db480fd3ecdcd448"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_d9dce446c4c6d7122c9dc64abf"`);
        await queryRunner.query(`DROP TABLE "recommendation"`);
        await queryRunner.query(`DROP TYPE "public"."recommendation_status"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_fb003c22350acf3c1f67f3ffa6"`);
        await queryRunner.query(`DROP TABLE "panel_member"`);
        await queryRunner.query(`DROP TABLE "panel"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_f2c3b627f14a10389bd608abc1"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_10c5ced818346138b8682daf3f"`);
        await queryRunner.query(`DROP TABLE "information_request"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b2b19ef2ec332e0aceb6544040"`);
        await queryRunner.query(`DROP TABLE "case_incident"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_711de5541284b22dd209597ac7"`);
        await queryRunner.query(`DROP TABLE "case_event"`);
        await queryRunner.query(`DROP TABLE "case_reference_counter"`);
        await queryRunner.query(`DROP INDEX "public"."case_review_partnership_received"`);
        await queryRunner.query(`DROP TABLE "case_review"`);
        await queryRunner.query(`DROP TYPE "public"."applicant_relationship"`);
        await queryRunner.query(`DROP TYPE "public"."channel"`);
        await queryRunner.query(`DROP TYPE "public"."case_status"`);
    }

}
