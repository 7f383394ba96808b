import { RequestDb } from '../../src/database/request-db';
import { startTestHub, type TestHub } from '../support/hub';

/*
 * A request whose client goes away is finished (rolled back) while its
 * resolvers may still be running. Found by the benchmark: their late statements
 * reached the connection after it went back to the pool, inside another
 * request's transaction, and broke it (25P02).
 */
describe("a finished request's database work", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  it('waits for the statement in flight, then refuses any later one, and leaves a clean connection', async () => {
    const db = new RequestDb(hub.dataSource);
    const manager = await db.manager();
    const slow = manager.query('SELECT pg_sleep(0.2), 1 AS done');
    const finishing = db.finish(false);
    const late = manager.query('SELECT 2');
    await expect(late).rejects.toThrow('the request has finished its database work');
    // The statement asked before the finish completes; the rollback waits for it.
    await expect(slow).resolves.toEqual([{ pg_sleep: '', done: 1 }]);
    await finishing;

    // Every pooled connection is usable and outside any transaction.
    const states = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const next = new RequestDb(hub.dataSource);
        const [row] = await (await next.manager()).query('SELECT 1 AS ok');
        await next.finish(true);
        return row.ok;
      }),
    );
    expect(states).toEqual([1, 1, 1, 1]);
  });

  it('ends the whole transaction when the request finishes inside a savepoint, releasing its locks', async () => {
    const db = new RequestDb(hub.dataSource);
    let finishing: Promise<void> | undefined;
    // As recordIncidents: the intake's savepoint takes a transaction-scoped lock; then the client goes away.
    const work = db.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(740921999)');
      finishing = db.finish(false);
      await manager.query('SELECT 1');
    });
    await expect(work).rejects.toThrow('the request has finished its database work');
    await finishing;

    // The lock is free at once (it was held until some request reused the connection), and no pooled connection is left in a transaction.
    const [{ free }] = await hub.dataSource.query('SELECT pg_try_advisory_lock(740921999) AS free');
    expect(free).toBe(true);
    await hub.dataSource.query('SELECT pg_advisory_unlock(740921999)');
    const [{ open }] = await hub.dataSource.query(
      "SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
    );
    expect(open).toBe(0);
  });
});
