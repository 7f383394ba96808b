import { groupByKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { User } from '../user/user.entity';
import { type UserLoaders, primeJoinedUsers } from '../user/user.loaders';
import { RecommendationRecord } from './recommendation.entity';
import { RecommendationStatus } from './recommendation-status';

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
    /** Recommendations still to be answered or carried out that are due on or before each date (YYYY-MM-DD): the reminders' work. One date a run. */
    openDueBy: requestLoader<string, RecommendationRecord[]>(db, async (dates) => {
      const manager = await db.manager();
      const open = [RecommendationStatus.AWAITING_RESPONSE, RecommendationStatus.ACCEPTED];
      return Promise.all(
        dates.map((date) =>
          manager
            .createQueryBuilder(RecommendationRecord, 'r')
            .where('r.due_on <= :date AND r.status IN (:...open)', { date, open })
            .orderBy('r.due_on', 'ASC')
            .addOrderBy('r.id', 'ASC')
            .getMany(),
        ),
      );
    }),
  };
}

export type RecommendationLoaders = ReturnType<typeof createRecommendationLoaders>;
