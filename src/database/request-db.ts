import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { RunnerData } from './data-source';

/**
 * A request's database work: one connection and one transaction, opened on first
 * use and ended when the response is sent. Everything a request reads or writes,
 * DataLoader batches included, goes through `manager()`, so the row-level security
 * that comes next can set the caller once per transaction with SET LOCAL.
 */
export class RequestDb {
  private runner: QueryRunner | null = null;
  private opening: Promise<QueryRunner> | null = null;
  private finished = false;

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
    return manager.transaction(work);
  }

  /** SQL statements this request has sent, not counting BEGIN and COMMIT. */
  get statements(): number {
    return (this.runner?.data as RunnerData | undefined)?.statements ?? 0;
  }

  /** Commits (or rolls back) and gives the connection back. Safe to call more than once. */
  async finish(commit: boolean): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (!this.opening) return;
    const runner = await this.opening.catch(() => null);
    if (!runner) return;
    try {
      if (runner.isTransactionActive) {
        if (commit) await runner.commitTransaction();
        else await runner.rollbackTransaction();
      }
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
        await runner.startTransaction();
      } catch (error) {
        await runner.release().catch(() => undefined);
        throw error;
      }
      runner.data = { statements: 0 } satisfies RunnerData;
      this.runner = runner;
      return runner;
    })();
    return this.opening;
  }
}
