import { MigrationInterface, QueryRunner } from "typeorm";

export class AccessLogChain1795464688339 implements MigrationInterface {
    name = 'AccessLogChain1795464688339'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "access_log" ADD "hash" text NOT NULL`);
        // Hand-written: the log is append-only. No role the hub runs as may change
        // or remove an entry; the hash chain shows it if anyone with more power does.
        await queryRunner.query(`CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'access_log is append-only' USING ERRCODE = 'insufficient_privilege';
            END $$`);
        await queryRunner.query(`CREATE TRIGGER access_log_no_update_delete BEFORE UPDATE OR DELETE ON "access_log" FOR EACH ROW EXECUTE FUNCTION access_log_append_only()`);
        await queryRunner.query(`CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON "access_log" FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER access_log_no_truncate ON "access_log"`);
        await queryRunner.query(`DROP TRIGGER access_log_no_update_delete ON "access_log"`);
        await queryRunner.query(`DROP FUNCTION access_log_append_only()`);
        await queryRunner.query(`ALTER TABLE "access_log" DROP COLUMN "hash"`);
    }

}
