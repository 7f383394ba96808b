import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './common/logger';

/*
 * Every core: the primary process forks HUB_WORKERS workers that share the
 * hub's port (node:cluster hands each accepted connection to the next worker
 * in turn). Each worker is a whole hub server with its own database pool; the
 * primary serves no request. A worker that dies is replaced; one that cannot
 * start stops the start.
 */

/** Replacements allowed within a minute before the primary gives up on a worker that keeps dying. */
const MAX_RESTARTS_PER_MINUTE = 5;

export type Workers = {
  /** Resolves with the port once every worker listens; rejects if one exits first. */
  ready: Promise<number>;
  /** SIGTERM to every worker (each finishes its requests in flight), then waits for all to exit; true when all exited 0. */
  stop(): Promise<boolean>;
};

export function startWorkers(opts: {
  count: number;
  /** Environment of every worker, added to the primary's (its database URLs, its secret). */
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** Called when workers keep dying after the start: the primary should shut down. */
  onGiveUp: () => void;
}): Workers {
  const log = opts.log.child({ component: 'cluster' });
  let listening = 0;
  let stopping = false;
  let started = false;
  const restarts: number[] = [];
  const exitCodes = new Map<number, number | null>();
  let resolveReady!: (port: number) => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<number>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);

  const fork = (): Worker => cluster.fork(opts.env);

  cluster.on('listening', (worker, address) => {
    log.debug({ worker: worker.id, pid: worker.process.pid }, 'worker listening');
    if (started) return;
    listening += 1;
    if (listening === opts.count) {
      started = true;
      resolveReady(address.port);
    }
  });

  cluster.on('exit', (worker, code, signal) => {
    exitCodes.set(worker.id, code);
    if (stopping) return;
    if (!started) {
      rejectReady(new Error(`a worker exited before the hub was ready (code ${code}${signal ? `, ${signal}` : ''})`));
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && restarts[0] < now - 60_000) restarts.shift();
    if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
      log.error({ restarts: restarts.length }, 'workers keep dying: shutting down');
      opts.onGiveUp();
      return;
    }
    log.error({ worker: worker.id, code, signal }, 'a worker died; starting another');
    fork();
  });

  for (let i = 0; i < opts.count; i++) fork();

  return {
    ready,
    stop: async () => {
      stopping = true;
      const live = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
      await Promise.all(
        live.map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once('exit', () => resolve());
              worker.process.kill('SIGTERM');
            }),
        ),
      );
      return live.every((worker) => exitCodes.get(worker.id) === 0);
    },
  };
}

/** Kills every worker still alive (the primary's grace period is over). */
export function killWorkers(): void {
  for (const worker of Object.values(cluster.workers ?? {})) {
    if (worker && !worker.isDead()) worker.process.kill('SIGKILL');
  }
}
