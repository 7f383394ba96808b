import { Any } from 'typeorm';
import { byKeys, groupByKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { PartnershipAgency } from './partnership-agency.entity';
import { Partnership } from './partnership.entity';

/** Per-request loaders for partnerships and their member agencies. */
export function createPartnershipLoaders(db: RequestDb) {
  return {
    byId: requestLoader<string, Partnership | null>(db, async (ids) => {
      const rows = await (await db.manager()).findBy(Partnership, { id: Any([...ids]) });
      return byKeys(ids, rows, (p) => p.id);
    }),
    agencyIds: requestLoader<string, string[]>(db, async (partnershipIds) => {
      const rows = await (await db.manager()).find(PartnershipAgency, {
        where: { partnershipId: Any([...partnershipIds]) },
        order: { joinedAt: 'ASC', agencyId: 'ASC' },
      });
      return groupByKeys(partnershipIds, rows, (row) => row.partnershipId).map((group) => group.map((row) => row.agencyId));
    }),
  };
}

export type PartnershipLoaders = ReturnType<typeof createPartnershipLoaders>;
