import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, makeWorkerUtils, run, type Runner, type TaskList, type WorkerEvents, type WorkerUtils } from 'graphile-worker';
import { Client, Pool } from 'pg';
import type { Logger } from '../common/logger';
import { createMailer, type Mailer } from '../common/mailer';
import { createDataSource } from '../database/data-source';
import type { HubTask, JobDeps } from './job-task';

/**
 * Background jobs live in PostgreSQL (graphile-worker: jobs are rows, taken with
 * SKIP LOCKED, woken by LISTEN/NOTIFY, cron schedules with backfill, job keys that
 * dedupe), so a job survives a restart, runs in exactly one of several hub
 * processes, and needs nothing besides the database the hub already has.
 *
 * graphile-worker releases the jobs of a worker that stopped cleanly; a worker
 * whose process died keeps its jobs locked for four hours. Each runner's worker
 * pool (the name jobs are locked in) therefore holds a PostgreSQL advisory lock
 * named after it, on a connection of its own, for as long as it lives: the lock
 * vanishes with the process. A sweep
 * (at start and every minute) unlocks the jobs of any worker whose lock can be
 * taken, so a job cut short by a crash is run again at once by a live worker.
 */
export type JobRunnerOptions = {
  /** The owner's URL (jobs are the hub's own work; graphile-worker creates its schema as the owner). */
  ownerUrl: string;
  log: Logger;
  tasks: readonly HubTask<any>[];
  /** Jobs run at once in this process (default 2). */
  concurrency?: number;
  /** How long a job must have been locked before a dead worker's lock is released (default 30 s; tests use 0). */
  deadWorkerGraceMs?: number;
  /** How often the sweep looks for dead workers (default 60 s). */
  sweepIntervalMs?: number;
  /** How jobs send mail (default: written to the log). */
  mailer?: Mailer;
};

export type JobRunner = {
  /** Adds a job now; with a `jobKey`, a job with the same key still waiting is replaced, not doubled. */
  addJob(task: string, payload?: Record<string, unknown>, opts?: { jobKey?: string; runAt?: Date; maxAttempts?: number }): Promise<void>;
  /** Looks for dead workers now (also done at start and every sweep interval). */
  sweep(): Promise<void>;
  /** Waits for jobs in progress, then stops. */
  stop(): Promise<void>;
};

/** Namespace of the workers' advisory locks (the first key of pg_advisory_lock(int, int)). */
const WORKER_LEASE_CLASS = 0x4a0b;

export async function startJobRunner(opts: JobRunnerOptions): Promise<JobRunner> {
  const log = opts.log.child({ component: 'jobs' });
  const pool = new Pool({ connectionString: opts.ownerUrl, max: (opts.concurrency ?? 2) + 2, application_name: 'hub-jobs' });
  pool.on('error', (error) => log.error({ err: error }, 'job pool connection lost'));
  // An idle client's error (the database restarting) is logged here, not thrown from the pool.
  pool.on('connect', (client) => client.on('error', (error) => log.error({ err: error }, 'job pool client lost')));
  const dataSource = createDataSource(opts.ownerUrl, opts.concurrency ?? 2);
  await dataSource.initialize();
  const lease = new Client({ connectionString: opts.ownerUrl, application_name: 'hub-jobs-lease' });
  lease.on('error', (error) => log.error({ err: error }, 'job lease connection lost'));
  await lease.connect();

  const deps: JobDeps = { dataSource, log, mailer: opts.mailer ?? createMailer({ from: '', log }) };
  const taskList: TaskList = {};
  for (const task of opts.tasks) {
    taskList[task.name] = async (payload) => {
      await task.run((payload ?? {}) as Record<string, unknown>, deps);
    };
  }
  const crontab = opts.tasks
    .filter((t) => t.schedule)
    .map((t) => `${t.schedule!.pattern} ${t.name} ?jobKey=cron-${t.name}${t.schedule!.backfill ? `&fill=${t.schedule!.backfill}` : ''}`)
    .join('\n');

  const ownWorkers = new Set<string>();
  const leases: Promise<unknown>[] = [];
  const events: WorkerEvents = new EventEmitter();
  // graphile-worker locks jobs in the name of the worker pool (one per runner), so the pool holds the lease.
  events.on('pool:create', ({ workerPool }) => {
    ownWorkers.add(workerPool.id);
    leases.push(lease.query('SELECT pg_advisory_lock($1, hashtext($2))', [WORKER_LEASE_CLASS, workerPool.id]));
  });
  events.on('job:error', ({ job, error }) => log.warn({ task: job.task_identifier, jobId: job.id, attempt: job.attempts, err: error }, 'job failed; it will be retried'));

  const utils: WorkerUtils = await makeWorkerUtils({ pgPool: pool, logger: workerLogger(log) });
  await utils.migrate();
  let runner: Runner;
  try {
    runner = await run({
      pgPool: pool,
      taskList,
      crontab,
      concurrency: opts.concurrency ?? 2,
      noHandleSignals: true,
      logger: workerLogger(log),
      events,
      pollInterval: 2_000,
    });
  } catch (error) {
    await Promise.allSettled([utils.release(), lease.end(), dataSource.destroy(), pool.end()]);
    throw error;
  }

  const graceMs = opts.deadWorkerGraceMs ?? 30_000;
  const sweep = async () => {
    await Promise.all(leases);
    const { rows } = await lease.query<{ worker: string }>(
      `SELECT locked_by AS worker FROM graphile_worker._private_jobs
        WHERE locked_by IS NOT NULL GROUP BY locked_by HAVING min(locked_at) <= now() - make_interval(secs => $1)`,
      [graceMs / 1000],
    );
    const dead: string[] = [];
    for (const { worker } of rows) {
      if (ownWorkers.has(worker)) continue;
      // Taken: nobody holds it, so the worker's process is gone. Given back at once.
      const { rows: got } = await lease.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [WORKER_LEASE_CLASS, worker]);
      if (!got[0].free) continue;
      await lease.query('SELECT pg_advisory_unlock($1, hashtext($2))', [WORKER_LEASE_CLASS, worker]);
      dead.push(worker);
    }
    if (dead.length > 0) {
      await utils.forceUnlockWorkers(dead);
      log.warn({ workers: dead.length }, "released the jobs of workers whose process had died; they will run again");
    }
  };
  await sweep();
  const timer = setInterval(() => void sweep().catch((error) => log.error({ err: error }, 'job sweep failed')), opts.sweepIntervalMs ?? 60_000);
  timer.unref();

  let stopped: Promise<void> | undefined;
  return {
    addJob: async (task, payload = {}, jobOpts = {}) => {
      await utils.addJob(task, payload, { jobKey: jobOpts.jobKey, runAt: jobOpts.runAt, maxAttempts: jobOpts.maxAttempts });
    },
    sweep,
    stop: () =>
      (stopped ??= (async () => {
        clearInterval(timer);
        await runner.stop();
        await Promise.allSettled([utils.release(), lease.end(), dataSource.destroy()]);
        await pool.end();
      })()),
  };
}

/** graphile-worker's log lines through the hub's logger (they carry task names and job ids, never payloads). */
function workerLogger(log: Logger): WorkerLogger {
  return new WorkerLogger(() => (level, message) => {
    if (level === 'error') log.error(message);
    else if (level === 'warning') log.warn(message);
    else log.debug(message);
  });
}
