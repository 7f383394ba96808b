import { Any } from 'typeorm';
import { byKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { RetentionPolicyRecord } from './retention-policy.entity';

/** Per-request loaders for the partnerships' retention policies (a partnership without one keeps the defaults). */
export function createRetentionPolicyLoaders(db: RequestDb) {
  return {
    byPartnership: requestLoader<string, RetentionPolicyRecord | null>(db, async (ids) => {
      const rows = await (await db.manager()).findBy(RetentionPolicyRecord, { partnershipId: Any([...ids]) });
      return byKeys(ids, rows, (r) => r.partnershipId);
    }),
  };
}

export type RetentionPolicyLoaders = ReturnType<typeof createRetentionPolicyLoaders>;
