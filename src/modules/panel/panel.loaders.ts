import { Any } from 'typeorm';
import { groupByKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { User } from '../user/user.entity';
import { type UserLoaders, primeJoinedUsers } from '../user/user.loaders';
import { PanelMemberRecord, PanelRecord } from './panel.entity';

export function createPanelLoaders(db: RequestDb, users: UserLoaders) {
  /** With each member's user, handed to the user loader. */
  const membersOfPanel = requestLoader<string, PanelMemberRecord[]>(db, async (panelIds) => {
    const rows = await (await db.manager()).find(PanelMemberRecord, {
      where: { panelId: Any([...panelIds]) },
      relations: { user: true },
      order: { isChair: 'DESC', userId: 'ASC' },
    });
    primeJoinedUsers(users, rows, 'user');
    return groupByKeys(panelIds, rows, (r) => r.panelId);
  });
  return {
    /**
     * The case's latest panel (the secondary review's once scheduled), read
     * with its members and their users, which go to the members and user
     * loaders: a panel is always shown with its people.
     */
    currentByCase: requestLoader<string, PanelRecord | null>(db, async (caseIds) => {
      const rows = await (await db.manager())
        .createQueryBuilder(PanelRecord, 'p')
        .leftJoinAndMapMany('p.memberRows', PanelMemberRecord, 'm', 'm.panel_id = p.id')
        .leftJoinAndMapOne('m.user', User, 'mu', 'mu.id = m.user_id')
        .where('p.case_id = ANY(:caseIds)', { caseIds: [...caseIds] })
        .orderBy('p.case_id')
        .addOrderBy('p.round', 'DESC')
        .getMany();
      const latest = new Map<string, PanelRecord>();
      for (const panel of rows) {
        const members = ((panel as PanelRecord & { memberRows?: PanelMemberRecord[] }).memberRows ?? []).sort(
          (a, b) => Number(b.isChair) - Number(a.isChair) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
        );
        delete (panel as PanelRecord & { memberRows?: PanelMemberRecord[] }).memberRows;
        primeJoinedUsers(users, members, 'user');
        membersOfPanel.prime(panel.id, members);
        if (!latest.has(panel.caseId)) latest.set(panel.caseId, panel);
      }
      return caseIds.map((id) => latest.get(id) ?? null);
    }),
    members: membersOfPanel,
    /** Every panel of a case (round 1, then the secondary review's), without members: when each round met and what it found. */
    roundsByCase: requestLoader<string, PanelRecord[]>(db, async (caseIds) => {
      const rows = await (await db.manager()).find(PanelRecord, { where: { caseId: Any([...caseIds]) }, order: { caseId: 'ASC', round: 'ASC' } });
      return groupByKeys(caseIds, rows, (r) => r.caseId);
    }),
  };
}

export type PanelLoaders = ReturnType<typeof createPanelLoaders>;
