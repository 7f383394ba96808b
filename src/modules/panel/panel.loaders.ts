import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKeys, groupByKeys } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { PanelMemberRecord, PanelRecord } from './panel.entity';

export function createPanelLoaders(db: RequestDb) {
  return {
    /** The case's latest panel: the secondary review's once scheduled. */
    currentByCase: new DataLoader<string, PanelRecord | null>(async (caseIds) => {
      const rows: PanelRecord[] = await (await db.manager())
        .createQueryBuilder(PanelRecord, 'p')
        .distinctOn(['p.case_id'])
        .where('p.case_id IN (:...caseIds)', { caseIds: [...caseIds] })
        .orderBy('p.case_id')
        .addOrderBy('p.round', 'DESC')
        .getMany();
      return byKeys(caseIds, rows, (r) => r.caseId);
    }),
    members: new DataLoader<string, PanelMemberRecord[]>(async (panelIds) => {
      const rows = await (await db.manager()).find(PanelMemberRecord, {
        where: { panelId: In([...panelIds]) },
        order: { isChair: 'DESC', userId: 'ASC' },
      });
      return groupByKeys(panelIds, rows, (r) => r.panelId);
    }),
  };
}
