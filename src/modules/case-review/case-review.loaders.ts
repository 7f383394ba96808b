import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKeys, groupByKeys } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { CaseEventRecord } from './case-event.entity';
import { CaseIncidentRecord } from './case-incident.entity';
import { CaseReviewRecord } from './case-review.entity';

/** Per-request loaders for cases, their linked incidents and their events. Visibility is the service's business. */
export function createCaseReviewLoaders(db: RequestDb) {
  return {
    byId: new DataLoader<string, CaseReviewRecord | null>(async (ids) => {
      const rows = await (await db.manager()).findBy(CaseReviewRecord, { id: In([...ids]) });
      return byKeys(ids, rows, (r) => r.id);
    }),
    incidentIds: new DataLoader<string, string[]>(async (caseIds) => {
      const rows = await (await db.manager()).find(CaseIncidentRecord, {
        where: { caseId: In([...caseIds]) },
        order: { linkedAt: 'ASC', incidentId: 'ASC' },
      });
      return groupByKeys(caseIds, rows, (r) => r.caseId).map((links) => links.map((l) => l.incidentId));
    }),
    events: new DataLoader<string, CaseEventRecord[]>(async (caseIds) => {
      const rows = await (await db.manager()).find(CaseEventRecord, { where: { caseId: In([...caseIds]) }, order: { id: 'ASC' } });
      return groupByKeys(caseIds, rows, (r) => r.caseId);
    }),
    /** Cases on whose panels a user sits (any round). */
    panelCaseIds: new DataLoader<string, Set<string>>(async (userIds) => {
      const rows: { user_id: string; case_id: string }[] = await (await db.manager()).query(
        `SELECT DISTINCT m.user_id, p.case_id FROM panel_member m JOIN panel p ON p.id = m.panel_id WHERE m.user_id = ANY($1::uuid[])`,
        [[...userIds]],
      );
      return groupByKeys(userIds, rows, (r) => r.user_id).map((group) => new Set(group.map((r) => r.case_id)));
    }),
  };
}
