import { spawn } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { startJobRunner, type JobRunner } from '../../src/jobs/job-runner';
import type { HubTask } from '../../src/jobs/job-task';
import { ensureBuilt, ROOT } from '../support/compiled-hub';
import { unique } from '../support/factories';

/*
 * The job queue (src/jobs): jobs are rows in PostgreSQL, so they outlive the
 * process that was running them. The crash test kills a real process (SIGKILL,
 * as the kernel's OOM killer or a pulled plug would) in the middle of a job and
 * checks that the next runner finishes the job, exactly once.
 */
const ownerUrl = () => process.env.HUB_TEST_DATABASE_URL!;
const silent = pino({ level: 'silent' });

describe('background jobs in PostgreSQL', () => {
  let db: DataSource;
  const table = unique('job_test_runs').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const runners: JobRunner[] = [];
  // The crash test's child runs the compiled code: built before the tests' own clocks start (a clean clone has no dist/).
  beforeAll(() => ensureBuilt(), 300_000);

  beforeAll(async () => {
    db = new DataSource({ type: 'postgres', url: ownerUrl() });
    await db.initialize();
    await db.query(`CREATE TABLE ${table} (job text NOT NULL, runner text NOT NULL, finished boolean NOT NULL DEFAULT false)`);
  });
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await db.query(`DROP TABLE ${table}`);
    await db.destroy();
  });

  const runs = (job: string) => db.query(`SELECT runner, finished FROM ${table} WHERE job = $1 ORDER BY finished`, [job]) as Promise<{ runner: string; finished: boolean }[]>;
  const until = async (check: () => Promise<boolean>, what: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const recordingTask = (name: string, runner: string): HubTask<{ job: string }> => ({
    name,
    run: async ({ job }, { dataSource }) => {
      await dataSource.query(`INSERT INTO ${table} (job, runner, finished) VALUES ($1, $2, true)`, [job, runner]);
    },
  });

  it('runs each job added, once', async () => {
    const task = unique('record').toLowerCase();
    const runner = await startJobRunner({ ownerUrl: ownerUrl(), log: silent, tasks: [recordingTask(task, 'here')] });
    runners.push(runner);
    const jobs = ['a', 'b', 'c'].map((j) => `${task}-${j}`);
    for (const job of jobs) await runner.addJob(task, { job });
    await until(async () => (await Promise.all(jobs.map(runs))).every((r) => r.length === 1), 'three jobs');
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const job of jobs) expect(await runs(job)).toEqual([{ runner: 'here', finished: true }]);
  });

  it('finishes, once, a job whose process was killed in the middle of it', async () => {
    const task = unique('crash').toLowerCase();
    const job = `${task}-1`;
    // The doomed process records that it began the job, then never finishes it.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const { startJobRunner } = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'jobs', 'job-runner.js'))});
         const pino = require('pino');
         startJobRunner({ ownerUrl: process.env.OWNER_URL, log: pino({ level: 'silent' }), tasks: [{ name: process.env.TASK, run: async ({ job }, { dataSource }) => {
           await dataSource.query('INSERT INTO ${table} (job, runner) VALUES ($1, $2)', [job, 'doomed']);
           await new Promise(() => {});
         } }] }).then((r) => r.addJob(process.env.TASK, { job: process.env.JOB }));`,
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH, OWNER_URL: ownerUrl(), TASK: task, JOB: job }, stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await until(async () => (await runs(job)).length === 1, 'the doomed process to begin the job');
    child.kill('SIGKILL');
    await exited;
    const [locked] = await db.query(`SELECT locked_by IS NOT NULL AS locked FROM graphile_worker._private_jobs WHERE task_id = (SELECT id FROM graphile_worker._private_tasks WHERE identifier = $1)`, [task]);
    expect(locked).toEqual({ locked: true });

    // A new process: its sweep finds the dead worker's lock free and releases the job.
    const runner = await startJobRunner({ ownerUrl: ownerUrl(), log: silent, tasks: [recordingTask(task, 'next')], deadWorkerGraceMs: 0 });
    runners.push(runner);
    await until(async () => (await runs(job)).some((r) => r.finished), 'the next process to finish the job');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await runs(job)).toEqual([
      { runner: 'doomed', finished: false },
      { runner: 'next', finished: true },
    ]);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE task_id = (SELECT id FROM graphile_worker._private_tasks WHERE identifier = $1)`, [task]);
    expect(n).toBe(0);
  });

  it('leaves the jobs of a live worker in another process alone', async () => {
    const task = unique('live').toLowerCase();
    const job = `${task}-1`;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const busy = await startJobRunner({
      ownerUrl: ownerUrl(),
      log: silent,
      deadWorkerGraceMs: 0,
      tasks: [{ name: task, run: async ({ job: j }: { job: string }, { dataSource }) => {
        await dataSource.query(`INSERT INTO ${table} (job, runner) VALUES ($1, 'busy')`, [j]);
        await held;
        await dataSource.query(`UPDATE ${table} SET finished = true WHERE job = $1`, [j]);
      } }],
    });
    runners.push(busy);
    await busy.addJob(task, { job });
    await until(async () => (await runs(job)).length === 1, 'the busy runner to begin');
    // Another runner (as another process would) sweeps: the busy worker's lease is held, so its job stays its own.
    const other = await startJobRunner({ ownerUrl: ownerUrl(), log: silent, tasks: [recordingTask(task, 'other')], deadWorkerGraceMs: 0 });
    runners.push(other);
    await other.sweep();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    release();
    await until(async () => (await runs(job)).every((r) => r.finished), 'the busy runner to finish');
    expect(await runs(job)).toEqual([{ runner: 'busy', finished: true }]);
  });
});
