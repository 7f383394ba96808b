import { Any } from 'typeorm';
import { byKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { User } from './user.entity';

/** Per-request loaders for users (staff of the agencies, shown where they acted). */
export function createUserLoaders(db: RequestDb) {
  return {
    byId: requestLoader<string, User | null>(db, async (ids) => {
      const rows = await (await db.manager()).findBy(User, { id: Any([...ids]) });
      return byKeys(ids, rows, (user) => user.id);
    }),
  };
}

export type UserLoaders = ReturnType<typeof createUserLoaders>;

/**
 * Hands users that another loader's statement read alongside its rows (mapped
 * onto `property` by leftJoinAndMapOne) to the user loader, and takes them off
 * the rows: who acted is then known without a statement of its own.
 */
export function primeJoinedUsers(users: UserLoaders, rows: readonly object[], property: string): void {
  for (const row of rows) {
    const fields = row as Record<string, unknown>;
    const user = fields[property];
    if (user instanceof User) users.byId.prime(user.id, user);
    delete fields[property];
  }
}
