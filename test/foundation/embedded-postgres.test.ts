import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { clearStalePidFile } from '../../src/database/embedded-postgres';
import { ensureBuilt, startCompiledHub, type CompiledHub } from '../support/compiled-hub';

// Starting a second cluster inside a test file is not possible (embedded-postgres is
// ESM-only); the recovery logic is what can go wrong, and it is tested here.
describe('embedded PostgreSQL: a pid file left by kill -9', () => {
  const log = pino({ level: 'silent' });

  it('is removed when its process is gone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hub-pid-'));
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.on('exit', resolve));
    writeFileSync(path.join(dir, 'postmaster.pid'), `${gone.pid}\n${dir}\n`);
    await clearStalePidFile(dir, log);
    expect(existsSync(path.join(dir, 'postmaster.pid'))).toBe(false);
  });

  it('is kept, with a plain refusal, while a postgres process holds it', async () => {
    const url = process.env.HUB_TEST_DATABASE_URL!;
    const host = new URL(url).hostname;
    if (host !== '127.0.0.1' && host !== 'localhost') return; // a remote server's processes are not ours to see
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hub-pid-'));
    writeFileSync(path.join(dir, 'postmaster.pid'), `${rows[0].pid}\n${dir}\n`);
    try {
      await expect(clearStalePidFile(dir, log)).rejects.toThrow(/already running/);
      expect(existsSync(path.join(dir, 'postmaster.pid'))).toBe(true);
    } finally {
      await client.end();
    }
  });
});

describe('embedded PostgreSQL: a hub killed with kill -9 (node alone)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hub-orphan-'));
  const hubs: CompiledHub[] = [];
  let port = 0;

  beforeAll(async () => {
    await ensureBuilt();
    port = await freePort();
  }, 300_000);
  afterAll(async () => {
    for (const hub of hubs) if (hub.child.exitCode === null) hub.child.kill('SIGTERM');
    await Promise.all(hubs.map((h) => h.exited));
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  // Two workers: the primary owns the cluster; its workers must go with it.
  const env = () => ({ NODE_ENV: 'production', HUB_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port), HUB_DEMO_DATA: '0', HUB_WORKERS: '2' });

  it('leaves its PostgreSQL running, and the next start stops that orphan and comes back; a live hub keeps its own', async () => {
    const first = await startCompiledHub(env());
    hubs.push(first);
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    const workers = nodeChildren(first.child.pid!);
    expect(workers).toHaveLength(2);
    first.child.kill('SIGKILL');
    await first.exited;
    // Its workers notice the primary is gone and end by themselves (nobody else would stop them).
    for (const until = Date.now() + 30_000; workers.some(alive) && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(workers.filter(alive)).toEqual([]);
    // The orphan: PostgreSQL still answers on its port, with nobody to stop it.
    expect(await portAnswers(port)).toBe(true);

    const second = await startCompiledHub(env());
    hubs.push(second);
    expect(second.output.join('')).toMatch(/stopping the embedded PostgreSQL left running by a hub that died/);
    expect((await fetch(`${second.url}/health`)).status).toBe(200);
    expect((await fetch(`${second.url}/ready`)).status).toBe(200);

    // A third hub on the same data folder is refused while the second lives, and the second is unharmed.
    const third = startCompiledHub(env(), 60_000);
    await expect(third).rejects.toThrow(/belongs to another hub that is running \(pid \d+\)/);
    expect((await fetch(`${second.url}/ready`)).status).toBe(200);

    // SIGTERM stops both, cleanly: the hub's own shutdown, not the package's exit hook (which exits 143).
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(await portAnswers(port)).toBe(false);
  }, 240_000);
});

/** The node processes whose parent is `pid` (a hub's cluster workers). */
function nodeChildren(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid && stat.includes('(node)');
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Running (a zombie, ended but not yet reaped by whoever inherited it, counts as ended). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
