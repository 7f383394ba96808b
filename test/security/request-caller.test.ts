import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';
import { RequestDb } from '../../src/database/request-db';
import { loadActor } from '../../src/modules/user/actor.loader';
import { Role } from '../../src/modules/user/role';
import { buildAgency, buildUser } from '../support/factories';

/*
 * The security boundary is the request's first statement: RequestDb.openAs names
 * the caller and switches the transaction to hub_app as it opens it, so nothing
 * the request runs comes before row-level security applies.
 */
describe("a request's caller", () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = createDataSource(process.env.HUB_TEST_DATABASE_URL!, 2);
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  it('is named, and the role switched to hub_app, by the statement that loads them, the first of the transaction', async () => {
    const user = await buildUser(dataSource, { agency: await buildAgency(dataSource), roles: [Role.CONTRIBUTOR] });
    const db = new RequestDb(dataSource);
    try {
      const actor = await loadActor(db, user.email);
      expect(actor?.userId).toBe(user.id);
      expect(db.statements).toBe(1);
      const [row] = await (await db.manager()).query(`SELECT current_user AS role, current_setting('hub.user_id') AS caller`);
      expect(row).toEqual({ role: 'hub_app', caller: user.id });
    } finally {
      await db.finish(false);
    }
  });

  it('is nobody, and nothing is switched, when no user has the email', async () => {
    const db = new RequestDb(dataSource);
    try {
      expect(await loadActor(db, 'nobody-at-all@example.test')).toBeNull();
      const [row] = await (await db.manager()).query(`SELECT current_user <> 'hub_app' AS owner, coalesce(current_setting('hub.user_id', true), '') AS caller`);
      expect(row).toEqual({ owner: true, caller: '' });
    } finally {
      await db.finish(false);
    }
  });

  it('cannot be named once the transaction has run a statement', async () => {
    const user = await buildUser(dataSource, { agency: await buildAgency(dataSource), roles: [Role.CONTRIBUTOR] });
    const db = new RequestDb(dataSource);
    try {
      await (await db.manager()).query('SELECT 1');
      await expect(loadActor(db, user.email)).rejects.toThrow('the caller is named by the first statement of the transaction');
    } finally {
      await db.finish(false);
    }
  });
});
