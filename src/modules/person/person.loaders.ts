import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKeys } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { PersonRecord } from './person.entity';

/** Per-request loader for person records. Redaction is decided where a Person view is made. */
export function createPersonLoaders(db: RequestDb) {
  return {
    byId: new DataLoader<string, PersonRecord | null>(async (ids) => {
      const rows = await (await db.manager()).findBy(PersonRecord, { id: In([...ids]) });
      return byKeys(ids, rows, (r) => r.id);
    }),
  };
}
