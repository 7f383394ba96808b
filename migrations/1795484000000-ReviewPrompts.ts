import { MigrationInterface, QueryRunner } from "typeorm";

export class ReviewPrompts1795484000000 implements MigrationInterface {
    name = 'ReviewPrompts1795484000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."review_prompt_kind" AS ENUM('SECOND_REPORT', 'THRESHOLD_LIKELY')`);
        await queryRunner.query(`CREATE TABLE "review_prompt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "partnership_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "incident_id" uuid NOT NULL, "person_id" uuid NOT NULL, "kind" "public"."review_prompt_kind" NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "explained_at" TIMESTAMP WITH TIME ZONE, "explained_by_id" uuid, "explained_channel" "public"."channel", CONSTRAINT "PK_37534cde89397628c791b84576e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_6eb0f42f019a8279fb6298a430" ON "review_prompt"  ("incident_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_889e22f447d8d0aaf23b6b56b2" ON "review_prompt"  ("agency_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "review_prompt_one_open" ON "review_prompt"  ("partnership_id", "person_id") WHERE explained_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "review_prompt_partnership_explained" ON "review_prompt"  ("partnership_id", "explained_at") WHERE explained_at IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "partnership" ADD "how_to_apply" text`);
        await queryRunner.query(`ALTER TABLE "review_prompt" ADD CONSTRAINT "FK_45afd1b83aac87361607578bdd0" FOREIGN KEY ("partnership_id") REFERENCES "partnership"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_prompt" ADD CONSTRAINT "FK_b423f2cc7f9c678343e943aa507" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_prompt" ADD CONSTRAINT "FK_6eb0f42f019a8279fb6298a4300" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_prompt" ADD CONSTRAINT "FK_8023da2039c442b9ea7030cc7c1" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_prompt" ADD CONSTRAINT "FK_5f64a897fde47940d5ac32c843b" FOREIGN KEY ("explained_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "review_prompt" DROP CONSTRAINT "FK_5f64a897fde47940d5ac32c843b"`);
        await queryRunner.query(`ALTER TABLE "review_prompt" DROP CONSTRAINT "FK_8023da2039c442b9ea7030cc7c1"`);
        await queryRunner.query(`ALTER TABLE "review_prompt" DROP CONSTRAINT "FK_6eb0f42f019a8279fb6298a4300"`);
        await queryRunner.query(`ALTER TABLE "review_prompt" DROP CONSTRAINT "FK_b423f2cc7f9c678343e943aa507"`);
        await queryRunner.query(`ALTER TABLE "review_prompt" DROP CONSTRAINT "FK_45afd1b83aac87361607578bdd0"`);
        await queryRunner.query(`ALTER TABLE "partnership" DROP COLUMN "how_to_apply"`);
        await queryRunner.query(`DROP INDEX "public"."review_prompt_partnership_explained"`);
        await queryRunner.query(`DROP INDEX "public"."review_prompt_one_open"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_889e22f447d8d0aaf23b6b56b2"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_6eb0f42f019a8279fb6298a430"`);
        await queryRunner.query(`DROP TABLE "review_prompt"`);
        await queryRunner.query(`DROP TYPE "public"."review_prompt_kind"`);
    }

}
