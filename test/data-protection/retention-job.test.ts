import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { startJobRunner, type JobRunner } from '../../src/jobs/job-runner';
import { JOB_TASKS } from '../../src/jobs/job-tasks';
import { RETENTION_TASK } from '../../src/modules/data-protection/retention.job';
import { ensureBuilt, ROOT } from '../support/compiled-hub';
import { unique } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { buildWorld, victimIncident, type World } from '../support/world';

/*
 * The daily retention job in PostgreSQL's queue (graphile-worker): a process
 * killed (SIGKILL) in the middle of a run, after erasing one person and while
 * erasing the next, leaves the first erased and the second untouched (one
 * transaction per person); the next runner finishes the run, erasing each of
 * the rest once and nobody twice. The job runs for one partnership here, as the
 * schedule does for each (the shared test database holds other suites' data).
 */
const ownerUrl = () => process.env.HUB_TEST_DATABASE_URL!;
/** The task as scheduled, without its schedule: a runner of this test must run only the job it adds. */
const retentionNow = { ...RETENTION_TASK, schedule: undefined };

describe('the retention job', () => {
  let hub: TestHub;
  let w: World;
  let reporters: string[];
  let incidents: string[];
  const runners: JobRunner[] = [];
  // The crash test's child runs the compiled code: built before the tests' own clocks start (a clean clone has no dist/).
  beforeAll(() => ensureBuilt(), 300_000);

  beforeAll(async () => {
    hub = await startTestHub();
    w = await buildWorld(hub);
    // Three people, each with one housing record reported in 2018 and linked to no case: all past retention.
    const batch = ['A', 'B', 'C'].map((x) =>
      victimIncident(unique(`RJ-${x}`), '2018-03-01T20:00:00Z', '2018-03-01T21:00:00Z', 'NOISE', { kind: 'INDIVIDUAL', name: `Retained ${x} ${unique('P')}`, postcode: 'ME2 2AB' }),
    );
    const res = await hub.gql('mutation ($i: [IncidentInput!]!) { recordIncidents(incidents: $i) { incidents { id } } }', { i: batch }, w.housingContributor.token);
    incidents = res.data.recordIncidents.incidents.map((i: { id: string }) => i.id);
    // The job erases people in id order.
    reporters = (await hub.dataSource.query('SELECT reporter_id FROM incident WHERE id = ANY ($1::uuid[]) ORDER BY reporter_id', [incidents])).map((r: { reporter_id: string }) => r.reporter_id);
  });
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await hub.close();
  });

  const until = async (check: () => Promise<boolean>, what: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const ledger = async () =>
    (await hub.dataSource.query(`SELECT entity, entity_id FROM erasure WHERE entity_id = ANY ($1::uuid[]) ORDER BY entity, entity_id`, [[...reporters, ...incidents]])) as {
      entity: string;
      entity_id: string;
    }[];

  it('is the daily job of the hub, in its list of tasks, at 02:30 with a missed night made up', () => {
    expect(JOB_TASKS).toContain(RETENTION_TASK);
    expect(RETENTION_TASK.schedule).toEqual({ pattern: '30 2 * * *', backfill: '1d' });
  });

  it('finishes, once, a run whose process was killed in the middle of it', async () => {
    // Hold the second person's row: the doomed process erases the first, then waits on the second mid-transaction.
    const holder = new Client({ connectionString: ownerUrl() });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM person WHERE id = $1 FOR UPDATE', [reporters[1]]);

    const task = RETENTION_TASK.name;
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const { startJobRunner } = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'jobs', 'job-runner.js'))});
         const { RETENTION_TASK } = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'modules', 'data-protection', 'retention.job.js'))});
         const pino = require('pino');
         startJobRunner({ ownerUrl: process.env.OWNER_URL, log: pino({ level: 'silent' }), tasks: [{ ...RETENTION_TASK, schedule: undefined }] })
           .then((r) => r.addJob(process.env.TASK, { partnershipId: process.env.PARTNERSHIP }));`,
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH, OWNER_URL: ownerUrl(), TASK: task, PARTNERSHIP: w.partnership.id }, stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await until(async () => (await ledger()).some((r) => r.entity_id === reporters[0]), 'the doomed process to erase the first person');
    await until(
      async () => (await hub.dataSource.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype IN ('transactionid', 'tuple')`))[0].n > 0,
      'the doomed process to wait on the second person',
    );
    child.kill('SIGKILL');
    await exited;
    // Killed mid-run: the first person (and their record) erased, the second and third untouched.
    expect(await ledger()).toEqual(
      [
        { entity: 'Incident', entity_id: (await hub.dataSource.query('SELECT id FROM incident WHERE reporter_id = $1', [reporters[0]]))[0].id },
        { entity: 'Person', entity_id: reporters[0] },
      ],
    );
    const [second] = await hub.dataSource.query('SELECT name FROM person WHERE id = $1', [reporters[1]]);
    expect(second.name).toMatch(/^Retained [ABC] /);

    // The next runner releases the dead worker's job and runs it again; the killed transaction rolls back once the row is free.
    const runner = await startJobRunner({ ownerUrl: ownerUrl(), log: pino({ level: 'silent' }), tasks: [retentionNow], deadWorkerGraceMs: 0 });
    runners.push(runner);
    await holder.query('ROLLBACK');
    await holder.end();
    await until(async () => (await ledger()).length === 6, 'the next runner to finish the run');
    await until(
      async () => (await hub.dataSource.query(`SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = $1`, [task]))[0].n === 0,
      'the job to be done',
    );
    // Each person and record erased once, with one WRITE entry each.
    expect((await ledger()).map((r) => r.entity).sort()).toEqual(['Incident', 'Incident', 'Incident', 'Person', 'Person', 'Person']);
    const writes = await hub.dataSource.query(
      `SELECT entity_id, count(*)::int AS n FROM access_log_entry WHERE action = 'WRITE' AND lawful_basis = 'LEGAL_OBLIGATION' AND entity_id = ANY ($1::uuid[]) GROUP BY entity_id`,
      [[...reporters, ...incidents]],
    );
    expect(writes.map((r: { n: number }) => r.n)).toEqual([1, 1, 1, 1, 1, 1]);
    const names = await hub.dataSource.query('SELECT DISTINCT name FROM person WHERE id = ANY ($1::uuid[])', [reporters]);
    expect(names).toEqual([{ name: 'Erased' }]);
  });
});
