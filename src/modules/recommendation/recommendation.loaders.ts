import { groupByKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { User } from '../user/user.entity';
import { type UserLoaders, primeJoinedUsers } from '../user/user.loaders';
import { RecommendationRecord } from './recommendation.entity';

export function createRecommendationLoaders(db: RequestDb, users: UserLoaders) {
  return {
    byCase: requestLoader<string, RecommendationRecord[]>(db, async (caseIds) => {
      // With the user who answered each.
      const rows = await (await db.manager())
        .createQueryBuilder(RecommendationRecord, 'r')
        .leftJoinAndMapOne('r.responder', User, 'ru', 'ru.id = r.responded_by_id')
        .where('r.case_id = ANY(:caseIds)', { caseIds: [...caseIds] })
        .orderBy('r.created_at', 'ASC')
        .addOrderBy('r.position', 'ASC')
        .getMany();
      primeJoinedUsers(users, rows, 'responder');
      return groupByKeys(caseIds, rows, (r) => r.caseId);
    }),
  };
}

export type RecommendationLoaders = ReturnType<typeof createRecommendationLoaders>;
