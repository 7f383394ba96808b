// npm run bench [-- --scale 1 --seconds 10 --warmup 3 --connections 50 --shapes Q1,Q2 --no-peer --workers 2]
// npm run bench -- --growth [--scales 1,5,25]
// npm run bench -- --profile --shapes Q4 --no-peer   (a CPU profile of the hub in test/bench/results/profiles/)
// npm run bench -- --statements   (each shape's costliest SQL statements, with mean time)
//
// Seeds a fictional county (test/bench/dataset.ts) into a throwaway embedded
// PostgreSQL (or DATABASE_URL), starts the hub in production mode as a child
// process (HUB_WORKERS from --workers, else the hub's default: one per CPU),
// and drives each query shape with autocannon from this process; then
// PostGraphile 5 over the same tables for Q2 to Q4, twice: as the tables'
// owner (the ceiling) and as hub_app under the hub's row-level security for
// the same caller (the fair peer). Prints a table with the ratios and writes
// the same figures as JSON under test/bench/results/.
import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { signToken } from '../../src/common/auth';
import { freePort, throwawayDatabase } from '../support/throwaway-database';
import { type Dataset, AGENCIES, benchId, seedDataset } from './dataset';
import { type ShapeResult, measureShape, send } from './driver';
import { installPeer, PEER_NAMES, type PeerKind, startPeer } from './peer';
import { postmasterOf, type Server, startServer } from './processes';
import { type Shape, type ShapeName, type Tokens, hubShapes, peerRefusals, peerShapes } from './shapes';

const ROOT = path.resolve(__dirname, '../../..');
const RESULTS_DIR = path.join(ROOT, 'test/bench/results');
const SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const log = (line: string) => console.log(line);

type Run = {
  scale: number;
  incidents: number;
  cases: number;
  /** Hub processes serving requests (HUB_WORKERS; 1: the hub alone, no cluster). */
  hubProcesses: number;
  hub: ShapeResult[];
  peers: Record<PeerKind, ShapeResult[]>;
  hubPeakMemoryMb: number;
  peerPeakMemoryMb: Partial<Record<PeerKind, number>>;
  /** The calls the RLS peer answered with nothing, as the policies decide, and the owner peer in full. */
  peerRefusals?: string[];
};

/** The database for one scale: seeded, with pg_stat_statements where the server can load it. */
async function openBenchDatabase(scale: number) {
  const database = await throwawayDatabase('bench', { settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.max': '10000', 'pg_stat_statements.track_planning': 'on' } });
  const dataset = await seedDataset(database.url, scale, log);
  const stats = new Client({ connectionString: database.url });
  await stats.connect();
  let statsOn = true;
  try {
    await stats.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await stats.query('SELECT pg_stat_statements_reset()');
  } catch {
    statsOn = false;
    log('  pg_stat_statements is not loaded on this server: statement counts come from the hub alone');
  }
  // The hub's requests connect as hub_app, as in production; the bench gives it a login.
  const appPassword = `bench${Date.now()}`;
  await stats.query(`ALTER ROLE hub_app WITH LOGIN PASSWORD '${appPassword}'`);
  const appUrl = new URL(database.url);
  appUrl.username = 'hub_app';
  appUrl.password = appPassword;
  // The bench's own PostgreSQL, to count its CPU apart from any other server on the machine.
  const [{ pid }] = (await stats.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
  return { database, dataset, stats: statsOn ? stats : null, statsClient: stats, appUrl: appUrl.toString(), postmaster: postmasterOf(pid) };
}

/** The Node flags `npm start` gives the hub (its heap limit), so the bench runs it as production does. */
const START_FLAGS = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.start as string)
  .split(/\s+/)
  .filter((token) => token.startsWith('--'));

async function startHub(ownerUrl: string, appUrl: string, profile: boolean, nodeFlags: string[], workers: string | null): Promise<Server> {
  const port = await freePort();
  // --profile: V8 writes a .cpuprofile of the whole run when the hub exits (open it in Chrome's DevTools).
  const profiling = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS_DIR, 'profiles')}`] : [];
  return startServer({
    name: 'hub',
    command: process.execPath,
    args: [...START_FLAGS, ...nodeFlags, ...profiling, path.join(ROOT, 'dist/src/index.js')],
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: ownerUrl,
      DATABASE_APP_URL: appUrl,
      PORT: String(port),
      AUTH_JWT_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      HUB_DEMO_DATA: '0',
      HUB_REPORT_SQL_COUNT: '1',
      HUB_DATA_DIR: path.join(os.tmpdir(), `asb-hub-bench-${port}`),
      // The driver is one address and a few users sending thousands of requests a second.
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_PER_USER: '0',
      ...(workers ? { HUB_WORKERS: workers } : {}),
    },
    url: `http://127.0.0.1:${port}`,
    readyPath: '/ready',
    logFile: path.join(RESULTS_DIR, 'hub.log'),
  });
}

async function tokensFor(data: Dataset): Promise<Tokens> {
  const sign = (email: string) => signToken(SECRET, email, { expiresIn: '6h' });
  return {
    cst: await sign(data.emails.cst),
    chairs: new Map(await Promise.all([...new Set(data.largeCaseChairs)].map(async (email) => [email, await sign(email)] as const))),
    policeContributor: await sign(data.emails.contributor(2)),
    policeResponder: await sign(data.emails.responder(2)),
    contributors: await Promise.all(Array.from({ length: AGENCIES }, (_, i) => sign(data.emails.contributor(i + 1)))),
  };
}

/** Who a shape's statements are planned as (its caller), for the EXPLAIN check. */
const PLAN_AS: Record<ShapeName, string> = {
  Q1: benchId('user:cst', 1),
  Q2: benchId('user:cst', 1),
  Q3: benchId('user:chair', 1),
  Q4: benchId('user:CONTRIBUTOR', 2),
  M1: benchId('user:CONTRIBUTOR', 2),
  M2: benchId('user:RESPONDER', 2),
};

type Options = { shapes: Set<ShapeName>; peer: boolean; seconds: number; warmup: number; connections: number; profile: boolean; nodeFlags: string[]; statements: boolean; workers: string | null };

/**
 * The RLS peer must answer nothing to a caller the policies keep out, and the
 * owner peer everything to the same calls (so the ids are real and it is the
 * policies that refuse). Throws otherwise: a peer that leaks is no peer.
 */
async function checkPeerRefusals(peer: Server, kind: PeerKind, dataset: Dataset, tokens: Tokens): Promise<string[]> {
  const nobody = await signToken(SECRET, 'nobody@bench.example', { expiresIn: '1h' });
  const checked: string[] = [];
  for (const { what, call, refused } of peerRefusals(dataset, tokens, nobody)) {
    const answer = await send(peer, call);
    if (answer.errors) throw new Error(`${peer.name}: ${what}: ${JSON.stringify(answer.errors).slice(0, 300)}`);
    if (refused(answer.data) !== (kind === 'rls')) throw new Error(`${peer.name}: ${what}: ${kind === 'rls' ? 'answered what the policies refuse' : 'answered nothing'}`);
    checked.push(what);
  }
  log(`  ${peer.name}: ${kind === 'rls' ? 'answered nothing to' : 'answered in full'} ${checked.length} calls from callers the policies keep out`);
  return checked;
}

async function runScale(scale: number, opts: Options): Promise<Run> {
  log(`\nscale ${scale}: seeding ...`);
  const { database, dataset, stats, statsClient, appUrl, postmaster } = await openBenchDatabase(scale);
  const hub = await startHub(database.url, appUrl, opts.profile, opts.nodeFlags, opts.workers);
  const hubProcesses = Math.max(1, hub.processCount() - 1);
  log(`hub ready at ${hub.url} (production mode, ${hub.processCount()} processes, ${hub.memoryMb()} MB)`);
  const tokens = await tokensFor(dataset);
  const wanted = (s: Shape) => opts.shapes.has(s.name);
  const measure = async (server: Server, shape: Shape, planAs?: string | null) => {
    const r = await measureShape(server, shape, { seconds: opts.seconds, warmupSeconds: opts.warmup, stats, offset: 0, planAs: stats ? planAs : undefined, postmaster });
    log(`  ${server.name.padEnd(14)} ${r.shape} ${String(r.requestsPerSecond).padStart(6)} req/s  p50 ${String(r.p50Ms).padStart(4)} ms  p99 ${String(r.p99Ms).padStart(4)} ms  errors ${r.errors}${r.errorCodes ? ` ${JSON.stringify(r.errorCodes)}` : ''}  cpu/req ${r.serverCpuMsPerRequest} + pg ${r.postgresCpuMsPerRequest} ms  load ${r.loadAverage}  sql ${r.sqlStatements ?? '-'}${r.dbMsPerRequest !== undefined ? ` db ${r.dbMsPerRequest} ms` : ''}${r.hubSqlStatements !== undefined ? ` (hub count ${r.hubSqlStatements})` : ''}${r.plans ? `  seq scans: ${r.plans.seqScans.join(', ') || 'none'} (${r.plans.explained}/${r.plans.statements} planned)` : ''}`);
    if (opts.statements) {
      for (const c of r.costliestStatements ?? []) log(`      ${String(c.msPerRequest).padStart(6)} ms/req  ${String(c.meanMs).padStart(6)} ms each (planning ${c.planMs}) x${c.calls}  ${c.query}`);
      for (const s of r.plans?.seqScanStatements ?? []) log(`      seq scan of ${s}`);
    }
    return r;
  };
  const hubResults: ShapeResult[] = [];
  const peerResults: Record<PeerKind, ShapeResult[]> = { owner: [], rls: [] };
  const peerPeak: Partial<Record<PeerKind, number>> = {};
  let refusals: string[] | undefined;
  try {
    const shapes = hubShapes(dataset, tokens, opts.connections).filter(wanted);
    // Reads first, then each peer on the same data (one at a time, alone on the machine), then the writes (which add rows).
    for (const shape of shapes.filter((s) => s.name.startsWith('Q'))) hubResults.push(await measure(hub, shape, PLAN_AS[shape.name]));
    if (opts.peer && peerShapes(dataset, opts.connections, null).some(wanted)) {
      installPeer(log);
      for (const kind of ['owner', 'rls'] as const) {
        const peer = await startPeer(kind, { owner: database.url, app: appUrl }, SECRET, path.join(RESULTS_DIR, `peer-${kind}.log`));
        log(`${peer.name} ready at ${peer.url} (${peer.memoryMb()} MB)`);
        try {
          const checked = await checkPeerRefusals(peer, kind, dataset, tokens);
          if (kind === 'rls') refusals = checked;
          for (const shape of peerShapes(dataset, opts.connections, kind === 'rls' ? tokens : null).filter(wanted)) peerResults[kind].push(await measure(peer, shape));
        } finally {
          peerPeak[kind] = peer.peakMemoryMb();
          await peer.stop();
        }
      }
    }
    for (const shape of shapes.filter((s) => s.name.startsWith('M'))) hubResults.push(await measure(hub, shape, PLAN_AS[shape.name]));
  } finally {
    await hub.stop();
    await statsClient.end();
    await database.stop();
  }
  return { scale, incidents: dataset.incidents, cases: dataset.cases, hubProcesses, hub: hubResults, peers: peerResults, hubPeakMemoryMb: hub.peakMemoryMb(), peerPeakMemoryMb: peerPeak, ...(refusals ? { peerRefusals: refusals } : {}) };
}

/** A markdown table, its columns padded to their widest cell. */
function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  log(line(head));
  log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) log(line(r));
}

function printRun(run: Run): void {
  log(`\nscale ${run.scale}: ${run.incidents.toLocaleString('en-GB')} incidents, ${run.cases.toLocaleString('en-GB')} case reviews; the hub in ${run.hubProcesses} process${run.hubProcesses === 1 ? '' : 'es'}`);
  const ratio = (h: ShapeResult, p: ShapeResult | undefined) => (p ? (h.requestsPerSecond / p.requestsPerSecond).toFixed(2) : '');
  const rows = run.hub.map((h) => {
    const owner = run.peers.owner.find((x) => x.shape === h.shape);
    const rls = run.peers.rls.find((x) => x.shape === h.shape);
    return [
      h.shape,
      h.title,
      String(h.connections),
      h.rowsPerSecond ? `${h.requestsPerSecond} (${h.rowsPerSecond} rows/s)` : String(h.requestsPerSecond),
      `${h.p50Ms} / ${h.p99Ms}`,
      String(h.errors),
      h.sqlStatements === null ? `${h.hubSqlStatements ?? '-'}` : `${h.sqlStatements}`,
      owner ? String(owner.requestsPerSecond) : '',
      owner ? `${owner.p50Ms} / ${owner.p99Ms}` : '',
      ratio(h, owner),
      rls ? String(rls.requestsPerSecond) : '',
      rls ? `${rls.p50Ms} / ${rls.p99Ms}` : '',
      rls ? String(rls.sqlStatements ?? '-') : '',
      ratio(h, rls),
    ];
  });
  printTable(
    ['shape', 'what', 'conns', 'hub req/s', 'hub p50/p99 ms', 'errors', 'SQL/req', 'owner req/s', 'owner p50/p99', 'hub/owner', 'RLS req/s', 'RLS p50/p99', 'RLS SQL/req', 'hub/RLS'],
    rows,
  );
  log(`owner: ${PEER_NAMES.owner}, the tables' owner: no authorization, no consent rules, no access log (the ceiling).`);
  log(`RLS: ${PEER_NAMES.rls}, hub_app with the same caller per request: the hub's row-level security policies, no access log.`);
  log(`The hub writes the access log (every disclosure and write, hash-chained); neither peer does.`);
  const cpu = (r: ShapeResult | undefined) => (r ? `${r.serverCpuMsPerRequest} + ${r.postgresCpuMsPerRequest}` : '');
  log('\nCPU per request, server processes + PostgreSQL (ms):');
  printTable(
    ['shape', 'hub', 'owner', 'RLS'],
    run.hub.map((h) => [h.shape, cpu(h), cpu(run.peers.owner.find((x) => x.shape === h.shape)), cpu(run.peers.rls.find((x) => x.shape === h.shape))]),
  );
  const peerPeaks = (Object.entries(run.peerPeakMemoryMb) as [PeerKind, number][]).map(([kind, mb]) => `${PEER_NAMES[kind]} ${mb} MB`);
  log(`peak memory of one process: hub ${run.hubPeakMemoryMb} MB${peerPeaks.length ? `; ${peerPeaks.join('; ')}` : ''}`);
}

function printGrowth(runs: Run[]): void {
  const base = runs[0];
  log(`\ngrowth: p50 / p99 ms by scale (x = p99 against scale ${base.scale})`);
  log(`| shape | ${runs.map((r) => `scale ${r.scale} (${r.incidents.toLocaleString('en-GB')} incidents)`).join(' | ')} |`);
  log(`|---|${runs.map(() => '---').join('|')}|`);
  for (const h of base.hub.filter((x) => x.shape.startsWith('Q'))) {
    const cells = runs.map((r) => {
      const m = r.hub.find((x) => x.shape === h.shape)!;
      return `${m.p50Ms} / ${m.p99Ms}, ${m.requestsPerSecond} req/s (x${(m.p99Ms / h.p99Ms).toFixed(2)})`;
    });
    log(`| ${h.shape} | ${cells.join(' | ')} |`);
  }
}

async function main(): Promise<void> {
  const growth = flag('growth');
  const scales = growth ? option('scales', '1,5,25').split(',').map(Number) : [Number(option('scale', '1'))];
  const shapes = new Set(option('shapes', growth ? 'Q1,Q2,Q3,Q4' : 'Q1,Q2,Q3,Q4,M1,M2').split(',') as ShapeName[]);
  const opts = {
    shapes,
    peer: !growth && !flag('no-peer'),
    seconds: Number(option('seconds', '10')),
    warmup: Number(option('warmup', '3')),
    connections: Number(option('connections', '50')),
    profile: flag('profile'),
    statements: flag('statements'),
    nodeFlags: option('node-flags', '').split(' ').filter(Boolean),
    // Unset: the hub's own default (one worker per CPU).
    workers: args.includes('--workers') ? option('workers', '') : null,
  };
  const started = Date.now();
  mkdirSync(RESULTS_DIR, { recursive: true });
  log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  const runs: Run[] = [];
  for (const scale of scales) {
    const run = await runScale(scale, opts);
    printRun(run);
    runs.push(run);
  }
  if (runs.length > 1) printGrowth(runs);
  const dir = RESULTS_DIR;
  const file = path.join(dir, `bench-${growth ? 'growth' : `scale-${scales[0]}`}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model.trim(), memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), machine, options: { ...opts, shapes: [...shapes] }, runs }, null, 2)}\n`);
  log(`\nwritten ${path.relative(ROOT, file)}; took ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
