import { Any } from 'typeorm';
import { byKeys, groupByKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { LetterheadRecord, LetterTemplateRecord } from './letter-template.entity';

/** Per-request loaders of partnerships' letter templates and letterheads. */
export function createLetterLoaders(db: RequestDb) {
  return {
    templatesOf: requestLoader<string, LetterTemplateRecord[]>(db, async (partnershipIds) => {
      const rows = await (await db.manager()).findBy(LetterTemplateRecord, { partnershipId: Any([...partnershipIds]) });
      return groupByKeys(partnershipIds, rows, (r) => r.partnershipId);
    }),
    letterheadOf: requestLoader<string, LetterheadRecord | null>(db, async (partnershipIds) => {
      const rows = await (await db.manager()).findBy(LetterheadRecord, { partnershipId: Any([...partnershipIds]) });
      return byKeys(partnershipIds, rows, (r) => r.partnershipId);
    }),
  };
}

export type LetterLoaders = ReturnType<typeof createLetterLoaders>;
