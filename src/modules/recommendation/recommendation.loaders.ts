import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { groupByKeys } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { RecommendationRecord } from './recommendation.entity';

export function createRecommendationLoaders(db: RequestDb) {
  return {
    byCase: new DataLoader<string, RecommendationRecord[]>(async (caseIds) => {
      const rows = await (await db.manager()).find(RecommendationRecord, {
        where: { caseId: In([...caseIds]) },
        order: { createdAt: 'ASC', position: 'ASC' },
      });
      return groupByKeys(caseIds, rows, (r) => r.caseId);
    }),
  };
}
