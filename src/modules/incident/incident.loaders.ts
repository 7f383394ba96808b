import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKeys, groupByKeys } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { IncidentRevisionRecord } from './incident-revision.entity';
import { IncidentRecord } from './incident.entity';

/** Per-request loaders for incident records and their history. Visibility is the service's business. */
export function createIncidentLoaders(db: RequestDb) {
  return {
    byId: new DataLoader<string, IncidentRecord | null>(async (ids) => {
      const rows = await (await db.manager()).findBy(IncidentRecord, { id: In([...ids]) });
      return byKeys(ids, rows, (r) => r.id);
    }),
    revisions: new DataLoader<string, IncidentRevisionRecord[]>(async (incidentIds) => {
      const rows = await (await db.manager()).find(IncidentRevisionRecord, {
        where: { incidentId: In([...incidentIds]) },
        order: { version: 'DESC' },
      });
      return groupByKeys(incidentIds, rows, (r) => r.incidentId);
    }),
  };
}
