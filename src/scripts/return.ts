// npm run -s return -- --partnership CODE --year 2025 [--to 2026] [--period FINANCIAL_YEAR|CALENDAR_YEAR] [--format csv|json]
// prints a partnership's yearly return (the figures of /partnerships/{code}/return.csv and
// return.json, and of caseReviewReturn), for the commissioner's office that wants a file:
//   npm run -s return -- --partnership DEMO-MEDWAY --year 2025 --format csv > return.csv
// A financial year is named by the year it starts (2025: 1 April 2025 to 31 March 2026).
// Reads DATABASE_URL (as DATABASE_APP_URL when set), or the embedded database: the running
// hub's (as hub_app), or, when no hub runs, started for the command and stopped after it.
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createLogger } from '../common/logger';
import { HubError } from '../common/errors';
import { loadConfig, type Config } from '../config';
import { openDatabase } from '../database/database';
import { createDataSource } from '../database/data-source';
import { createContext } from '../graphql/context';
import { returnCsv, returnJson } from '../modules/statistics/statistics.formats';

const USAGE = 'usage: npm run -s return -- --partnership CODE --year YEAR [--to YEAR] [--period FINANCIAL_YEAR|CALENDAR_YEAR] [--format csv|json]';

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { partnership: { type: 'string' }, year: { type: 'string' }, to: { type: 'string' }, period: { type: 'string' }, format: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  const period = values.period ?? 'FINANCIAL_YEAR';
  const format = values.format ?? 'csv';
  if (!values.partnership || !values.year || !/^\d{4}$/.test(values.year) || (values.to !== undefined && !/^\d{4}$/.test(values.to))) fail(USAGE, 2);
  if (period !== 'FINANCIAL_YEAR' && period !== 'CALENDAR_YEAR') fail(`--period must be FINANCIAL_YEAR or CALENDAR_YEAR\n${USAGE}`, 2);
  if (format !== 'csv' && format !== 'json') fail(`--format must be csv or json\n${USAGE}`, 2);

  const config = loadConfig();
  // The return goes to stdout; anything logged (the embedded database starting) to stderr.
  const log = createLogger(config.logLevel, pino.destination(2));
  const { dataSource, close } = await connect(config, log);
  const ctx = createContext(dataSource, log, 'return-command');
  try {
    // As the published forms: no caller, only what the figures functions answer to anyone.
    await ctx.db.openAsPublic();
    const found = await ctx.services.statistics.published(values.partnership, period, Number(values.year), Number(values.to ?? values.year));
    if (!found) fail(`There is no partnership with the code ${values.partnership}.`, 1);
    process.stdout.write(format === 'csv' ? returnCsv(found.returns) : returnJson(found.partnership, period, found.returns));
  } catch (error) {
    if (error instanceof HubError) fail(error.message, 2);
    throw error;
  } finally {
    await ctx.db.finish(true).catch(() => undefined);
    await close();
  }
}

/**
 * The database to read: DATABASE_URL's; else the running hub's embedded cluster, as
 * hub_app (the login the hub gave it); else the embedded cluster started for this
 * command (migrated, as the hub would) and stopped after it.
 */
async function connect(config: Config, log: ReturnType<typeof createLogger>): Promise<{ dataSource: DataSource; close: () => Promise<void> }> {
  const single = async (url: string) => {
    const dataSource = createDataSource(url, 1);
    await dataSource.initialize();
    return { dataSource, close: () => dataSource.destroy() };
  };
  if (config.databaseUrl) return single(config.databaseAppUrl ?? config.databaseUrl);
  const appPassword = path.join(config.dataDir, 'pg-app-password');
  if (existsSync(appPassword)) {
    const url = `postgres://hub_app:${encodeURIComponent(readFileSync(appPassword, 'utf8').trim())}@127.0.0.1:${config.embeddedPgPort}/hub`;
    try {
      return await single(url);
    } catch (error) {
      // No hub running: nothing listens on the port, so start the cluster below.
      if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') throw error;
    }
  }
  const db = await openDatabase(config, log);
  return { dataSource: db.dataSource, close: () => db.close() };
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error), 1));
