import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKeys, groupByKeys } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { InformationRequestRecord } from './information-request.entity';

export function createInformationRequestLoaders(db: RequestDb) {
  return {
    byId: new DataLoader<string, InformationRequestRecord | null>(async (ids) => {
      const rows = await (await db.manager()).findBy(InformationRequestRecord, { id: In([...ids]) });
      return byKeys(ids, rows, (r) => r.id);
    }),
    byCase: new DataLoader<string, InformationRequestRecord[]>(async (caseIds) => {
      const rows = await (await db.manager()).find(InformationRequestRecord, {
        where: { caseId: In([...caseIds]) },
        order: { requestedAt: 'ASC', id: 'ASC' },
      });
      return groupByKeys(caseIds, rows, (r) => r.caseId);
    }),
  };
}
