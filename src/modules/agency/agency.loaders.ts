import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKeys } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { Agency } from './agency.entity';

/** Per-request loaders for agencies (organisation data: not personal, visible wherever it is referenced). */
export function createAgencyLoaders(db: RequestDb) {
  return {
    byId: new DataLoader<string, Agency | null>(async (ids) => {
      const rows = await (await db.manager()).findBy(Agency, { id: In([...ids]) });
      return byKeys(ids, rows, (agency) => agency.id);
    }),
  };
}
