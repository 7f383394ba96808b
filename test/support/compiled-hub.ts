import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/*
 * The compiled hub (`npm run build`, then `node --max-old-space-size=256
 * dist/src/index.js`, exactly as `npm start` runs it) as a child process, for
 * the tests that must see the real process: its heap cap, its crash, its
 * restart. Several suites need the build; it runs once per jest run (the test
 * database's URL names the run), the others wait for it.
 */

export const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');

/** Builds dist/ once for this jest run. */
export async function ensureBuilt(): Promise<void> {
  const run = createHash('sha256').update(process.env.HUB_TEST_DATABASE_URL ?? String(process.ppid)).digest('hex').slice(0, 12);
  const marker = path.join(DIST, `.built-${run}`);
  const lock = path.join(ROOT, '.build-lock');
  if (existsSync(marker)) return;
  try {
    mkdirSync(lock);
  } catch {
    // Another suite is building: wait for its marker (or for the lock to go away, if it failed).
    const deadline = Date.now() + 300_000;
    while (!existsSync(marker) && existsSync(lock) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    if (existsSync(marker)) return;
    return ensureBuilt();
  }
  try {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
    writeFileSync(marker, '');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export type CompiledHub = {
  child: ChildProcess;
  url: string;
  output: string[];
  exited: Promise<number | null>;
};

/** Starts `node --max-old-space-size=256 dist/src/index.js` with `env` (PATH and HOME added) and waits for its URL. */
export async function startCompiledHub(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<CompiledHub> {
  const child = spawn(process.execPath, ['--max-old-space-size=256', path.join(DIST, 'src', 'index.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start:\n${output.join('')}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /"url":"http:\/\/localhost:(\d+)\/graphql"/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`the hub exited early:\n${output.join('')}`));
    });
  });
  return { child, url, output, exited };
}
