import path from 'node:path';
import { DataSource, type Logger as TypeOrmLogger, type QueryRunner } from 'typeorm';
import { ENTITIES } from '../modules/entities';
import { SnakeNamingStrategy } from './naming-strategy';

/** What a request's query runner carries: its statement count (tests and the benchmark read it). */
export type RunnerData = { statements?: number };

/** Counts statements per query runner; logs nothing (SQL parameters can hold personal data). */
class StatementCounter implements TypeOrmLogger {
  logQuery(_query: string, _parameters?: unknown[], queryRunner?: QueryRunner): void {
    const data = queryRunner?.data as RunnerData | undefined;
    if (data && data.statements !== undefined) data.statements += 1;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

// From src/database (ts-jest) or dist/src/database (compiled), ../../migrations holds this build's migrations.
const compiled = __filename.endsWith('.js');
const MIGRATIONS = path.join(__dirname, '..', '..', 'migrations', compiled ? '*.js' : '*.ts');

/** The hub's TypeORM data source. The schema changes only through migrations (synchronize is off). */
export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: [MIGRATIONS],
    migrationsTableName: 'typeorm_migration',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install, so the
    // hub can run as a role that may not create extensions.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logger: new StatementCounter(),
    applicationName: 'asb-case-review-hub',
    extra: {
      max: poolSize,
      // Never wait forever for a connection or a statement.
      connectionTimeoutMillis: 5_000,
      statement_timeout: 15_000,
      idle_in_transaction_session_timeout: 30_000,
      // The statement timeout is the server's: these bound a query, and notice a dead
      // connection, even when the server has gone away without a word.
      query_timeout: 20_000,
      keepAlive: true,
    },
  });
}
