import { groupByKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { ContactRecord } from './contact.entity';

/** Per-request loaders for contacts (row-level security leaves those of cases the caller may see). */
export function createContactLoaders(db: RequestDb) {
  return {
    /** A case's contacts, oldest first. */
    byCase: requestLoader<string, ContactRecord[]>(db, async (caseIds) => {
      const rows = await (await db.manager())
        .createQueryBuilder(ContactRecord, 'ct')
        .where('ct.case_id = ANY(:caseIds)', { caseIds: [...caseIds] })
        .orderBy('ct.at', 'ASC')
        .addOrderBy('ct.created_at', 'ASC')
        .getMany();
      return groupByKeys(caseIds, rows, (r) => r.caseId);
    }),
  };
}

export type ContactLoaders = ReturnType<typeof createContactLoaders>;
