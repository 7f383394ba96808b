import { Any } from 'typeorm';
import { byKeys, groupByKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { User } from '../user/user.entity';
import { type UserLoaders, primeJoinedUsers } from '../user/user.loaders';
import { InformationRequestRecord } from './information-request.entity';

export function createInformationRequestLoaders(db: RequestDb, users: UserLoaders) {
  return {
    byId: requestLoader<string, InformationRequestRecord | null>(db, async (ids) => {
      const rows = await (await db.manager()).findBy(InformationRequestRecord, { id: Any([...ids]) });
      return byKeys(ids, rows, (r) => r.id);
    }),
    byCase: requestLoader<string, InformationRequestRecord[]>(db, async (caseIds) => {
      // With the user who answered each.
      const rows = await (await db.manager())
        .createQueryBuilder(InformationRequestRecord, 'ir')
        .leftJoinAndMapOne('ir.responder', User, 'ru', 'ru.id = ir.responded_by_id')
        .where('ir.case_id = ANY(:caseIds)', { caseIds: [...caseIds] })
        .orderBy('ir.requested_at', 'ASC')
        .addOrderBy('ir.id', 'ASC')
        .getMany();
      primeJoinedUsers(users, rows, 'responder');
      return groupByKeys(caseIds, rows, (r) => r.caseId);
    }),
    /** Requests not yet answered that are due on or before each date (YYYY-MM-DD): the reminders' work. One date a run. */
    unansweredDueBy: requestLoader<string, InformationRequestRecord[]>(db, async (dates) => {
      const manager = await db.manager();
      return Promise.all(
        dates.map((date) =>
          manager
            .createQueryBuilder(InformationRequestRecord, 'ir')
            .where('ir.responded_at IS NULL AND ir.due_on <= :date', { date })
            .orderBy('ir.due_on', 'ASC')
            .addOrderBy('ir.id', 'ASC')
            .getMany(),
        ),
      );
    }),
  };
}

export type InformationRequestLoaders = ReturnType<typeof createInformationRequestLoaders>;
