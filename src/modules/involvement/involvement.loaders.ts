import { Any } from 'typeorm';
import { byKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { VictimInvolvementRecord } from './involvement.entity';

/** Per-request loader of each case's involvement (row-level security leaves those the caller may see). */
export function createInvolvementLoaders(db: RequestDb) {
  return {
    byCase: requestLoader<string, VictimInvolvementRecord | null>(db, async (caseIds) => {
      const rows = await (await db.manager()).findBy(VictimInvolvementRecord, { caseId: Any([...caseIds]) });
      return byKeys(caseIds, rows, (r) => r.caseId);
    }),
  };
}

export type InvolvementLoaders = ReturnType<typeof createInvolvementLoaders>;
