import type { EventEmitter } from 'node:events';
import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import type { Logger } from '../common/logger';

/**
 * GET /ready: 200 when the database answers `SELECT 1` within `timeoutMs`
 * (a pool connection included), 503 otherwise or while the hub shuts down.
 * It never waits longer than the timeout, whatever the database does.
 */
export function readyHandler(dataSource: Pick<DataSource, 'query'>, timeoutMs: number, stopping: () => boolean): RequestHandler {
  return async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (stopping()) {
      res.status(503).json({ status: 'shutting down' });
      return;
    }
    const answered = await withTimeout(dataSource.query('SELECT 1'), timeoutMs).then(
      () => true,
      () => false,
    );
    if (answered) res.json({ status: 'ready' });
    else res.status(503).json({ status: 'database unavailable' });
  };
}

/** Rejects when `promise` has not settled within `ms` (the work itself goes on and is bounded by the pool's own timeouts). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  // The losing promise's rejection is still handled.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Logs errors of idle pooled connections (the database restarted or killed
 * them). pg-pool drops such a connection and opens a new one on demand;
 * TypeORM already listens so the error cannot crash the process; this listener
 * only makes the event visible. Returns the function that stops listening.
 */
export function watchPool(dataSource: DataSource, log: Logger): () => void {
  const pool = (dataSource.driver as unknown as { master?: EventEmitter }).master;
  if (!pool || typeof pool.on !== 'function') return () => undefined;
  const onError = (error: Error & { code?: string }) => {
    log.warn({ err: { message: error.message, code: error.code } }, 'an idle database connection failed; the pool will open a new one');
  };
  pool.on('error', onError);
  return () => pool.off('error', onError);
}
