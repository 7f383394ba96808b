import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, readdirSync } from 'node:fs';

/*
 * The servers under test run as child processes of the benchmark, so the
 * driver (autocannon, in the benchmark's own process) never shares their event
 * loop, and their memory is read from /proc on its own.
 */

export type Server = {
  name: string;
  url: string;
  process: ChildProcess;
  /** Highest resident set size of any one of the server's processes so far (MB), from VmHWM sampled every 250 ms. */
  peakMemoryMb: () => number;
  /** Resident set size now, the server's processes added up (MB). */
  memoryMb: () => number;
  /** CPU time the server's processes (the one started and its descendants: a hub's workers) have used so far (ms, user + system). */
  cpuMs: () => number;
  /** How many processes the server runs now (a hub with HUB_WORKERS=2: the primary and two workers). */
  processCount: () => number;
  stop: () => Promise<void>;
};

function statusFieldKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.replace(/\D+/g, '')) : 0;
  } catch {
    return 0;
  }
}

const TICK_MS = 1000 / 100; // USER_HZ: /proc reports CPU time in 1/100 s on Linux

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces), or null once it is gone. */
function statFields(pid: number | string): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  } catch {
    return null;
  }
}

/** `root` and every live process descending from it (a hub's cluster workers), by pid. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (!fields) continue;
    const parent = Number(fields[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  for (const queue = [root]; queue.length > 0; ) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * CPU time of `root` and its live descendants (ms, user + system), plus what
 * `root` has collected from the children that already ended, so a worker
 * that was replaced during a run still counts.
 */
function treeCpuMs(root: number): number {
  let total = 0;
  for (const pid of processTree(root)) {
    const fields = statFields(pid);
    if (!fields) continue;
    total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    if (pid === root) total += (Number(fields[13]) + Number(fields[14])) * TICK_MS;
  }
  return total;
}

/**
 * CPU time used so far by the bench's own PostgreSQL (ms): its postmaster and
 * every live backend, plus what the postmaster has collected from the backends
 * that already ended, so a connection closed during a run still counts. Other
 * PostgreSQL servers on the machine (others' test suites) are not counted.
 */
export function postgresCpuMs(postmaster: number): number {
  return treeCpuMs(postmaster);
}

/** The postmaster of the server a backend belongs to: the backend's parent. */
export function postmasterOf(backendPid: number): number {
  const fields = statFields(backendPid);
  if (!fields) throw new Error(`no process ${backendPid}`);
  return Number(fields[1]);
}

/** Starts a server and waits until `readyPath` answers 2xx (or the process dies). */
export async function startServer(opts: {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  url: string;
  readyPath: string;
  readyBody?: string;
  timeoutMs?: number;
  /** Where the server's own output goes (its last lines are also shown if it fails to start). */
  logFile: string;
}): Promise<Server> {
  const child = spawn(opts.command, opts.args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const logStream = createWriteStream(opts.logFile);
  const keep = (chunk: Buffer) => {
    logStream.write(chunk);
    output.push(chunk.toString());
    if (output.length > 40) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));

  let peakKb = 0;
  const sample = () => {
    if (!child.pid) return;
    for (const pid of processTree(child.pid)) peakKb = Math.max(peakKb, statusFieldKb(pid, 'VmRSS'), statusFieldKb(pid, 'VmHWM'));
  };
  const sampler = setInterval(sample, 250);
  sampler.unref();

  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    if (exited !== null) throw new Error(`${opts.name} exited with ${exited} before it was ready:\n${output.join('')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${opts.name} was not ready in time:\n${output.join('')}`);
    }
    try {
      const res = await fetch(`${opts.url}${opts.readyPath}`, opts.readyBody
        ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: opts.readyBody }
        : {});
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    name: opts.name,
    url: opts.url,
    process: child,
    peakMemoryMb: () => {
      sample();
      return Math.round(peakKb / 1024);
    },
    memoryMb: () => Math.round((child.pid ? processTree(child.pid).reduce((kb, pid) => kb + statusFieldKb(pid, 'VmRSS'), 0) : 0) / 1024),
    cpuMs: () => (child.pid ? treeCpuMs(child.pid) : 0),
    processCount: () => (child.pid ? processTree(child.pid).length : 0),
    stop: async () => {
      sample();
      clearInterval(sampler);
      if (exited !== null) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await done;
      clearTimeout(timer);
      logStream.end();
    },
  };
}
