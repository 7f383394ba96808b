import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKeys } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { User } from './user.entity';

/** Per-request loaders for users (staff of the agencies, shown where they acted). */
export function createUserLoaders(db: RequestDb) {
  return {
    byId: new DataLoader<string, User | null>(async (ids) => {
      const rows = await (await db.manager()).findBy(User, { id: In([...ids]) });
      return byKeys(ids, rows, (user) => user.id);
    }),
  };
}
