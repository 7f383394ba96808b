// npm run soak [-- --seconds 60 --clients 50 --restart-at 30 --down 2 --workers 2 --keep]
//
// Load and faults, on loopback only and bounded in time. Starts its own embedded
// PostgreSQL (persistent, in a temporary folder, so that it can be stopped and
// started again), runs the compiled hub (dist/src/index.js) against it as in
// production (a primary and `--workers` workers, HUB_WORKERS), and drives it
// with `--clients` concurrent clients of mixed reads and writes for `--seconds`. In the middle it restarts the database (stop,
// wait `--down` seconds, start on the same port and folder). Then it checks that
// every acknowledged write (a recordIncidents answered without errors) is in
// the database exactly once, and prints the figures. Exits 1 if a check fails.
// Its temporary folder (hub log, cluster) is removed unless a check fails or --keep.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { signToken } from '../../src/common/auth';
import { createDataSource } from '../../src/database/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres';
import { Role } from '../../src/modules/user/role';
import { CaseHistoryDocument, IncidentsDocument, MeDocument, RecordIncidentsDocument } from '../generated/graphql';
import { reviewedCase } from '../support/case-history';
import { buildUser } from '../support/factories';
import type { GraphQLResponse, TestHub } from '../support/hub';
import { incidentBatch } from '../support/incident-inputs';
import { buildWorld } from '../support/world';

const SECRET = 'soak-secret-soak-secret-soak-secret-0123456789';
/** The pool's bounds (src/database/data-source.ts): no request may take longer than the statement timeout. */
const STATEMENT_TIMEOUT_MS = 15_000;
const CONNECTION_TIMEOUT_MS = 5_000;
/** A request still unanswered after this is counted as hanging. */
const CLIENT_TIMEOUT_MS = 30_000;
const RECOVERY_BUDGET_MS = 10_000;
const BATCH = 5;

const RECORD = print(RecordIncidentsDocument);
const INCIDENTS = print(IncidentsDocument);
const HISTORY = print(CaseHistoryDocument);
const ME = print(MeDocument);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
}

type Sample = { kind: 'write' | 'list' | 'history' | 'me'; start: number; end: number; ok: boolean; hung: boolean; error?: string };
type Write = { agencyId: string; references: string[] };

async function main(): Promise<void> {
  const seconds = arg('seconds', 60);
  const clients = arg('clients', 50);
  const restartAt = arg('restart-at', seconds / 2);
  const downSeconds = arg('down', 2);
  const workers = arg('workers', 2);
  const log = pino({ level: 'warn' });
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'asb-hub-soak-'));
  const port = await freePort();
  const dbOptions = { hubDataDir: tmp, port, persistent: true, database: 'soak', log };
  let db: EmbeddedDatabase | undefined = await startEmbeddedPostgres(dbOptions);
  let ds: DataSource | undefined;
  let hub: ReturnType<typeof spawn> | undefined;
  const clusterDir = db.dataDir;
  const hubLog = path.join(tmp, 'hub.log');
  let failed = false;
  try {
    ds = createDataSource(db.url, 4);
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });

    // The hub as in production, in its own process.
    const logFile = createWriteStream(hubLog);
    hub = spawn(process.execPath, [path.join(__dirname, '..', '..', 'src', 'index.js')], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        DATABASE_URL: db.url,
        AUTH_JWT_SECRET: SECRET,
        PORT: '0',
        LOG_LEVEL: 'info',
        HUB_DEMO_DATA: '0',
        HUB_WORKERS: String(workers),
        // 50 clients on one loopback address: the address limit would only measure itself.
        RATE_LIMIT_PER_ADDRESS: '0',
        RATE_LIMIT_PER_USER: '100000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const hubProcess = hub;
    let hubExit: number | null | undefined;
    const hubExited = new Promise<number | null>((resolve) =>
      hubProcess.once('exit', (code) => {
        hubExit = code;
        resolve(code);
      }),
    );
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`the hub did not start; see ${hubLog}`)), 60_000);
      hubProcess.stdout!.on('data', (chunk: Buffer) => {
        logFile.write(chunk);
        seen += chunk.toString();
        const match = /"url":"http:\/\/localhost:(\d+)\/graphql"/.exec(seen);
        if (match) {
          clearTimeout(timer);
          seen = '';
          resolve(`http://127.0.0.1:${match[1]}`);
        }
      });
      hubProcess.stderr!.on('data', (chunk: Buffer) => logFile.write(chunk));
      hubProcess.once('exit', () => reject(new Error(`the hub exited early; see ${hubLog}`)));
    });

    const gql = async <T = any>(query: string, variables: unknown, token: string | null, timeoutMs = CLIENT_TIMEOUT_MS): Promise<GraphQLResponse<T>> => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: res.status, ...((await res.json()) as object) } as GraphQLResponse<T>;
    };
    const harness: TestHub = {
      url,
      dataSource: ds,
      gql: (query, variables, token) => gql(typeof query === 'string' ? query : print(query), variables, token ?? null),
      tokenFor: (email, opts) => signToken(SECRET, email, opts),
      close: async () => undefined,
    };

    // A partnership with a reviewed case of 20 incidents for the readers; one contributor per client.
    const world = await buildWorld(harness);
    const caseId = await reviewedCase(harness, world, 20, 'SOAK-CASE');
    const agencies = [world.police, world.housing, world.council];
    const writers = await Promise.all(
      Array.from({ length: clients }, async (_, i) => {
        const agency = agencies[i % agencies.length];
        const user = await buildUser(ds!, { agency, roles: [Role.CONTRIBUTOR] });
        return { agencyId: agency.id, token: await signToken(SECRET, user.email) };
      }),
    );
    const runTag = randomUUID().slice(0, 6).toUpperCase();

    const samples: Sample[] = [];
    const acknowledged: Write[] = [];
    const unacknowledged: Write[] = [];
    const startedAt = performance.now();
    const deadline = startedAt + seconds * 1000;
    const at = () => performance.now() - startedAt;
    let dbDownAt: number | undefined;
    let dbBackAt: number | undefined;

    const client = async (index: number) => {
      const me = writers[index];
      let seq = 0;
      while (performance.now() < deadline) {
        const roll = Math.random();
        const kind: Sample['kind'] = roll < 0.4 ? 'write' : roll < 0.6 ? 'list' : roll < 0.8 ? 'history' : 'me';
        const start = at();
        let ok = false;
        let hung = false;
        let error: string | undefined;
        let write: Write | undefined;
        try {
          let res: GraphQLResponse;
          if (kind === 'write') {
            const incidents = incidentBatch(BATCH, { prefix: `SOAK-${runTag}-C${index}-${seq++}`, reporters: 3 });
            write = { agencyId: me.agencyId, references: incidents.map((i) => i.reference) };
            res = await gql(RECORD, { incidents }, me.token);
            ok = res.status === 200 && !res.errors && res.data?.recordIncidents?.created === BATCH;
          } else {
            res =
              kind === 'list'
                ? await gql(INCIDENTS, { first: 20 }, me.token)
                : kind === 'history'
                  ? await gql(HISTORY, { id: caseId }, world.chair.token)
                  : await gql(ME, {}, me.token);
            ok = res.status === 200 && !res.errors;
          }
          if (!ok) error = res.errors?.map((e) => e.extensions?.code).join(',') || `HTTP ${res.status}`;
        } catch (e) {
          hung = (e as Error).name === 'TimeoutError';
          error = (e as Error).message;
        }
        samples.push({ kind, start, end: at(), ok, hung, error });
        if (write) (ok ? acknowledged : unacknowledged).push(write);
        // An error is answered at once; do not spin while the database is down.
        if (!ok) await sleep(100);
      }
    };

    // /ready, polled throughout: when it said what.
    const readiness: { at: number; status: number }[] = [];
    const pollReady = async () => {
      while (performance.now() < deadline) {
        const status = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(5_000) }).then(
          (r) => r.status,
          () => 0,
        );
        if (readiness.at(-1)?.status !== status) readiness.push({ at: at(), status });
        await sleep(200);
      }
    };

    const restart = async () => {
      await sleep(restartAt * 1000);
      dbDownAt = at();
      await db!.stop();
      db = undefined;
      await sleep(downSeconds * 1000);
      db = await startEmbeddedPostgres(dbOptions);
      dbBackAt = at();
    };

    console.log(`soak: ${seconds} s, ${clients} clients, database restart at ${restartAt} s for ${downSeconds} s (hub log: ${hubLog})`);
    await Promise.all([...Array.from({ length: clients }, (_, i) => client(i)), pollReady(), restart()]);
    const elapsed = at();

    // Every acknowledged write exactly once; the unacknowledged ones may or may not have landed.
    const stored = new Map<string, number>();
    const rows: { agency_id: string; reference: string; n: number }[] = await ds.query(
      `SELECT agency_id, reference, count(*)::int AS n FROM incident WHERE reference LIKE $1 GROUP BY agency_id, reference`,
      [`SOAK-${runTag}-%`],
    );
    for (const row of rows) stored.set(`${row.agency_id}|${row.reference}`, row.n);
    let lost = 0;
    let duplicated = 0;
    for (const write of acknowledged) {
      for (const reference of write.references) {
        const n = stored.get(`${write.agencyId}|${reference}`) ?? 0;
        if (n === 0) lost++;
        if (n > 1) duplicated++;
      }
    }
    const partial = acknowledged.filter((w) => w.references.some((r) => !stored.has(`${w.agencyId}|${r}`)));
    const unackedStored = unacknowledged.filter((w) => w.references.every((r) => stored.has(`${w.agencyId}|${r}`))).length;
    const duplicatedAny = rows.filter((r) => r.n > 1).length;

    const hubAlive = hubExit === undefined;
    hubProcess.kill('SIGTERM');
    const exitCode = await hubExited;
    // A cluster's primary replaces a worker that died: the log tells.
    const workerDeaths = ((await fs.readFile(hubLog, 'utf8')).match(/"msg":"a worker died/g) ?? []).length;

    const errors = samples.filter((s) => !s.ok);
    const outage = (s: Sample) => dbDownAt !== undefined && s.end >= dbDownAt && (dbBackAt === undefined || s.start <= dbBackAt + RECOVERY_BUDGET_MS);
    const longest = samples.reduce((a, s) => (s.end - s.start > a.end - a.start ? s : a), samples[0]);
    const firstSuccess = samples.filter((s) => s.ok && dbBackAt !== undefined && dbDownAt !== undefined && s.start >= dbDownAt).sort((a, b) => a.end - b.end)[0];
    const recoveryMs = firstSuccess && dbBackAt !== undefined ? Math.max(0, firstSuccess.end - dbBackAt) : Infinity;
    const hung = samples.filter((s) => s.hung).length;
    const errorKinds = new Map<string, number>();
    for (const e of errors) errorKinds.set(e.error ?? '?', (errorKinds.get(e.error ?? '?') ?? 0) + 1);
    const notReady = readiness.filter((r) => r.status !== 200);
    const byKind = (k: Sample['kind']) => samples.filter((s) => s.kind === k).length;
    const latencies = samples.map((s) => s.end - s.start).sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];

    const checks = {
      'lost 0': lost === 0 && partial.length === 0,
      'duplicated 0': duplicated === 0 && duplicatedAny === 0,
      [`longest request under the statement timeout (${STATEMENT_TIMEOUT_MS} ms)`]: longest.end - longest.start < STATEMENT_TIMEOUT_MS,
      'no request hanging': hung === 0,
      [`recovery under ${RECOVERY_BUDGET_MS / 1000} s`]: recoveryMs < RECOVERY_BUDGET_MS,
      'the hub never crashed': hubAlive && workerDeaths === 0,
      'the hub stopped cleanly (exit 0 on SIGTERM)': exitCode === 0,
      '/ready said 503 while the database was down, 200 after': notReady.length > 0 && readiness.at(-1)?.status === 200,
    };
    failed = Object.values(checks).some((ok) => !ok);

    const f = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      [
        '',
        `duration             ${f(elapsed)}, ${clients} clients`,
        `database             stopped at ${f(dbDownAt ?? NaN)}, back at ${f(dbBackAt ?? NaN)} (down ${downSeconds} s + start)`,
        `requests             ${samples.length} (writes ${byKind('write')}, incident pages ${byKind('list')}, case histories ${byKind('history')}, me ${byKind('me')}); ${Math.round(samples.length / (elapsed / 1000))}/s`,
        `latency              p50 ${pct(0.5).toFixed(0)} ms, p95 ${pct(0.95).toFixed(0)} ms, p99 ${pct(0.99).toFixed(0)} ms`,
        `errors               ${errors.length} (${errors.filter(outage).length} around the restart, ${errors.filter((e) => !outage(e)).length} otherwise): ${[...errorKinds].map(([k, n]) => `${k} x${n}`).join('; ')}`,
        `acknowledged writes  ${acknowledged.length} batches (${acknowledged.length * BATCH} incidents)`,
        `lost                 ${lost}`,
        `duplicated           ${duplicated}`,
        `unacknowledged       ${unacknowledged.length} batches (${unackedStored} of them stored all the same: committed, answer lost)`,
        `longest request      ${(longest.end - longest.start).toFixed(0)} ms (${longest.kind}, ${longest.ok ? 'ok' : longest.error}); statement timeout ${STATEMENT_TIMEOUT_MS} ms, connection timeout ${CONNECTION_TIMEOUT_MS} ms`,
        `hanging requests     ${hung}`,
        `recovery             first successful request ${Number.isFinite(recoveryMs) ? f(recoveryMs) : 'never'} after the database came back`,
        `/ready               ${readiness.map((r) => `${r.status} from ${f(r.at)}`).join(', ')}`,
        `hub                  ${hubAlive ? 'up throughout' : 'CRASHED'}, ${workers} worker${workers === 1 ? '' : 's'} (${workerDeaths} died); exit code on SIGTERM ${exitCode}`,
        '',
        ...Object.entries(checks).map(([name, ok]) => `${ok ? 'PASS' : 'FAIL'}  ${name}`),
      ].join('\n'),
    );
  } finally {
    if (hub && hub.exitCode === null) hub.kill('SIGKILL');
    if (ds?.isInitialized) await ds.destroy().catch(() => undefined);
    await db?.stop().catch(() => undefined);
    if (!failed && !process.argv.includes('--keep')) {
      await fs.rm(tmp, { recursive: true, force: true });
      await fs.rm(clusterDir, { recursive: true, force: true });
    } else {
      console.log(`kept for inspection: ${tmp} (hub.log) and ${clusterDir}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
