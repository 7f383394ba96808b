import { ensureBootstrapAdmin } from '../../src/modules/user/bootstrap-admin';
import { freshDatabase } from '../support/fresh-database';

describe('the bootstrap administrator', () => {
  it('is created once, in an agency of its own, when the hub has no user', async () => {
    const db = await freshDatabase();
    try {
      // Two instances starting at once: exactly one creates the admin.
      const created = await Promise.all([
        ensureBootstrapAdmin(db.dataSource, 'First.Admin@Example.test'),
        ensureBootstrapAdmin(db.dataSource, 'First.Admin@Example.test'),
      ]);
      expect(created.sort()).toEqual([false, true]);
      const users = await db.dataSource.query(
        'SELECT u.email, u.roles::text[] AS roles, a.code FROM app_user u JOIN agency a ON a.id = u.agency_id',
      );
      expect(users).toEqual([{ email: 'first.admin@example.test', roles: ['ADMIN'], code: 'HUB-ADMINISTRATION' }]);
      // Later starts leave existing users alone, whatever email is configured.
      expect(await ensureBootstrapAdmin(db.dataSource, 'someone.else@example.test')).toBe(false);
      expect(Number((await db.dataSource.query('SELECT count(*) AS n FROM app_user'))[0].n)).toBe(1);
    } finally {
      await db.drop();
    }
  });
});
