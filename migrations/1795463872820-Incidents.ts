import { MigrationInterface, QueryRunner } from "typeorm";

export class Incidents1795463872820 implements MigrationInterface {
    name = 'Incidents1795463872820'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "access_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid NOT NULL, "action" text NOT NULL, "entity" text NOT NULL, "entity_id" uuid NOT NULL, "case_id" uuid, CONSTRAINT "access_log_action" CHECK (action IN ('READ', 'WRITE')), CONSTRAINT "PK_bd09621fb73b42d9e32b85ae41f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_798dc28e221c4ea42be6dcde91" ON "access_log"  ("case_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_4ac7ff008482ac935be87a1d12" ON "access_log"  ("entity", "entity_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_c598ef70d29c6808ac398a2b4a" ON "access_log"  ("actor_id", "at") `);
        await queryRunner.query(`CREATE TYPE "public"."person_kind" AS ENUM('INDIVIDUAL', 'BUSINESS', 'COMMUNITY_GROUP')`);
        await queryRunner.query(`CREATE TABLE "person" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "agency_id" uuid NOT NULL, "kind" "public"."person_kind" NOT NULL, "name" text NOT NULL, "name_key" text NOT NULL, "date_of_birth" date, "address" text, "postcode" text, "postcode_key" text, "phone" text, "email" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5fdaf670315c4b7e70cce85daa3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_a9388b5adf58e7c4e436580ac3" ON "person"  ("agency_id", "name_key") `);
        await queryRunner.query(`CREATE TYPE "public"."asb_category" AS ENUM('VANDALISM', 'PUBLIC_DRUNKENNESS', 'HATE', 'INTIMIDATION_HARASSMENT', 'NOISE', 'DRUGS', 'VEHICLE_NUISANCE', 'LITTERING_DUMPING', 'NEIGHBOUR_NUISANCE', 'OTHER')`);
        await queryRunner.query(`CREATE TABLE "incident" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "agency_id" uuid NOT NULL, "reference" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, "category" "public"."asb_category" NOT NULL, "summary" text NOT NULL, "location" text, "reporter_id" uuid NOT NULL, "content_hash" text NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "incident_agency_reference" UNIQUE ("agency_id", "reference"), CONSTRAINT "PK_5f90b28b0b8238d89ee8edcf96e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_f7729d87e71dfaefd054c64f1f" ON "incident"  ("reporter_id") `);
        await queryRunner.query(`CREATE INDEX "incident_agency_reported" ON "incident"  ("agency_id", "reported_at", "id") `);
        await queryRunner.query(`CREATE TABLE "incident_revision" ("incident_id" uuid NOT NULL, "version" integer NOT NULL, "content" jsonb NOT NULL, "superseded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_52b960179b3feeb80dd0d6a7e79" PRIMARY KEY ("incident_id", "version"))`);
        await queryRunner.query(`ALTER TABLE "person" ADD CONSTRAINT "FK_9a48cbcde5465959d49587185f4" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "incident" ADD CONSTRAINT "FK_96bf73de869144e9a51d7a61619" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "incident" ADD CONSTRAINT "FK_f7729d87e71dfaefd054c64f1f5" FOREIGN KEY ("reporter_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "incident_revision" ADD CONSTRAINT "FK_918a298365fe3191429398d8f15" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "incident_revision" DROP CONSTRAINT "FK_918a298365fe3191429398d8f15"`);
        await queryRunner.query(`ALTER TABLE "incident" DROP CONSTRAINT "FK_f7729d87e71dfaefd054c64f1f5"`);
        await queryRunner.query(`ALTER TABLE "incident" DROP CONSTRAINT "FK_96bf73de869144e9a51d7a61619"`);
        await queryRunner.query(`ALTER TABLE "person" DROP CONSTRAINT "FK_9a48cbcde5465959d49587185f4"`);
        await queryRunner.query(`DROP TABLE "incident_revision"`);
        await queryRunner.query(`DROP INDEX "public"."incident_agency_reported"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_f7729d87e71dfaefd054c64f1f"`);
        await queryRunner.query(`DROP TABLE "incident"`);
        await queryRunner.query(`DROP TYPE "public"."asb_category"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a9388b5adf58e7c4e436580ac3"`);
        await queryRunner.query(`DROP TABLE "person"`);
        await queryRunner.query(`DROP TYPE "public"."person_kind"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c598ef70d29c6808ac398a2b4a"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_4ac7ff008482ac935be87a1d12"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_798dc28e221c4ea42be6dcde91"`);
        await queryRunner.query(`DROP TABLE "access_log"`);
    }

}
