import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AccessLogBuffer } from '../modules/access-log/access-log.buffer';
import type { RunnerData } from './data-source';
import { nameRepeatedStatements } from './prepared-statements';

/**
 * A request's database work: one connection and one transaction, opened on first
 * use and ended when the response is sent. Everything a request reads or writes,
 * DataLoader batches included, goes through `manager()`. A signed-in request's
 * first statement (`openAs`) names its caller and switches to hub_app, so row-level
 * security applies to everything after it.
 */
export class RequestDb {
  private runner: QueryRunner | null = null;
  private opening: Promise<QueryRunner> | null = null;
  private finished = false;
  private callerId: string | null = null;
  /** Statements asked of the connection and not yet answered. */
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private idleCheck: NodeJS.Immediate | null = null;
  /** Stops the connection taking this request's statements and waits for those already asked. */
  private closeGate: (() => Promise<void>) | null = null;

  /** What this request disclosed and wrote; appended to the access log as the transaction commits. */
  readonly accessLog = new AccessLogBuffer();

  constructor(private readonly dataSource: DataSource) {}

  async manager(): Promise<EntityManager> {
    return (await this.open()).manager;
  }

  /**
   * Runs one write inside a savepoint of the request's transaction: if it throws,
   * exactly its changes are undone (a refused mutation changes nothing) while the
   * rest of the request stands.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const manager = await this.manager();
    const mark = this.accessLog.mark();
    try {
      return await manager.transaction(work);
    } catch (error) {
      this.accessLog.rollbackTo(mark);
      throw error;
    }
  }

  /**
   * Opens the request's transaction as its caller: the transaction's first
   * statement reads the caller's row with `callerSql` (the user module's; it
   * must return an `id` column) and, in the same statement, names them as the
   * transaction's caller (hub.user_id) and switches the transaction to the role
   * hub_app, both SET LOCAL (set_config(..., true)): from here on row-level
   * security filters every statement of the request, and the access log records
   * their entries under them. It also has the request's named statements
   * (prepared-statements.ts) run on their generic plans: planning a statement
   * with its policies costs more than running it, and the benchmark's EXPLAIN
   * check keeps those plans free of sequential scans of growing tables.
   * No row (no such caller): nothing is switched, and the caller is null.
   */
  async openAs<T extends { id: string }>(callerSql: string, parameters: unknown[]): Promise<T | null> {
    if (this.opening) throw new Error('the caller is named by the first statement of the transaction');
    const manager = await this.manager();
    // The caller's row comes first in the target list, so it is read before the role switches.
    const rows: (T & { hub_caller: string; hub_role: string; hub_plans: string })[] = await manager.query(
      `SELECT caller.*,
              set_config('hub.user_id', caller.id::text, true) AS hub_caller,
              set_config('role', 'hub_app', true) AS hub_role,
              set_config('plan_cache_mode', 'force_generic_plan', true) AS hub_plans
         FROM (${callerSql}) caller`,
      parameters,
    );
    const row = rows[0];
    if (!row) return null;
    const { hub_caller: _caller, hub_role: _role, hub_plans: _plans, ...caller } = row;
    this.callerId = row.id;
    return caller as unknown as T;
  }

  /**
   * Opens the transaction of a request that has no caller (the published figures):
   * its first statement switches to hub_app with nobody named, so row-level
   * security lets no row of a personal or case table through, and only what the
   * security functions answer to anyone (aggregates) can leave. Nothing it does
   * is access-logged: it can disclose nothing.
   */
  async openAsPublic(): Promise<void> {
    if (this.opening) throw new Error('a public request is opened by the first statement of the transaction');
    const manager = await this.manager();
    await manager.query(`SELECT set_config('hub.user_id', '', true), set_config('role', 'hub_app', true)`);
  }

  /** Writes the collected access-log entries (one statement); called just before the commit. */
  async flushAccessLog(): Promise<void> {
    if (this.finished || !this.callerId || this.accessLog.size === 0) return;
    await this.accessLog.flush(await this.manager());
  }

  /**
   * DataLoader's batch schedule: a batch is sent when the connection has
   * nothing left to answer, not at the next tick. The request's statements run
   * one at a time anyway, so waiting costs nothing, and the loads that the
   * answers in flight lead to (the users of the events, of the requests and of
   * the recommendations of one case) join one batch instead of one each.
   */
  whenIdle(dispatch: () => void): void {
    this.idleWaiters.push(dispatch);
    if (this.pending === 0) this.checkIdle();
  }

  private checkIdle(): void {
    // setImmediate: after the resolvers of the last answer have run and asked for what they need.
    this.idleCheck ??= setImmediate(() => {
      this.idleCheck = null;
      if (this.pending > 0) return;
      const waiting = this.idleWaiters;
      this.idleWaiters = [];
      for (const dispatch of waiting) dispatch();
    });
  }

  /** SQL statements this request has sent, not counting BEGIN and COMMIT. */
  get statements(): number {
    return (this.runner?.data as RunnerData | undefined)?.statements ?? 0;
  }

  /** Commits (or rolls back) and gives the connection back. Safe to call more than once. */
  async finish(commit: boolean): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    // A resolver may still be running (the client went away mid-request): from now on its statements
    // must not reach the connection, which goes back to the pool and may soon be another request's.
    const drained = this.closeGate?.();
    if (!this.opening) return;
    const runner = await this.opening.catch(() => null);
    if (!runner) return;
    try {
      await (drained ?? this.closeGate?.());
      await endWholeTransaction(runner, commit);
    } finally {
      await runner.release();
    }
  }

  private open(): Promise<QueryRunner> {
    if (this.finished) return Promise.reject(new Error('the request has finished its database work'));
    this.opening ??= (async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        await runner.connect();
        nameRepeatedStatements(runner);
        await runner.startTransaction();
      } catch (error) {
        await runner.release().catch(() => undefined);
        throw error;
      }
      runner.data = { statements: 0 } satisfies RunnerData;
      this.closeGate = serialiseQueries(runner, {
        started: () => {
          this.pending += 1;
        },
        settled: () => {
          this.pending -= 1;
          if (this.pending === 0 && this.idleWaiters.length > 0) this.checkIdle();
        },
      });
      this.runner = runner;
      return runner;
    })();
    return this.opening;
  }
}

/**
 * Ends the request's transaction, all of it. A request may finish inside a
 * savepoint (its client went away while recordIncidents held the agency's
 * intake lock): TypeORM would then only release or roll back the savepoint,
 * which the closed gate refuses, and the connection went back to the pool
 * still in the transaction, holding its locks until another request happened
 * to reuse it (found by the benchmark: every batch of the agency waited ~10 s).
 * Work cut short inside a savepoint is incomplete, so it is rolled back.
 */
async function endWholeTransaction(runner: QueryRunner, commit: boolean): Promise<void> {
  if (!runner.isTransactionActive) return;
  const nested = (runner as unknown as { transactionDepth: number }).transactionDepth > 1;
  if (commit && !nested) return runner.commitTransaction();
  await runner.query('ROLLBACK');
  // TypeORM's own account of the transaction ends with it.
  Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
}

/**
 * One connection runs one statement at a time; DataLoader batches of one
 * request may ask at once. pg queues such calls itself but deprecates it (pg 9
 * refuses), so the request's runner queues them here, in the order asked.
 * Returns the gate that finish() closes before it commits or rolls back.
 */
function serialiseQueries(runner: QueryRunner, track: { started: () => void; settled: () => void }): () => Promise<void> {
  const query = runner.query.bind(runner);
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;
  runner.query = ((...args: Parameters<QueryRunner['query']>) => {
    // Once closed, only the transaction's own end goes through.
    if (closed && args[0] !== 'COMMIT' && args[0] !== 'ROLLBACK') return Promise.reject(new Error('the request has finished its database work'));
    track.started();
    const run = tail.then(() => query(...args));
    tail = run.catch(() => undefined).finally(track.settled);
    return run;
  }) as QueryRunner['query'];
  return async () => {
    closed = true;
    await tail;
  };
}
