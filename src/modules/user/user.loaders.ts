import { Any } from 'typeorm';
import { byKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import type { Role } from './role';
import { User } from './user.entity';

/** The users whose email a caller may see, beyond their own agency's. */
export type EmailScope = { agencyIds: ReadonlySet<string>; chairIds: ReadonlySet<string> };

/** Per-request loaders for users (staff of the agencies, shown where they acted). */
export function createUserLoaders(db: RequestDb) {
  return {
    byId: requestLoader<string, User | null>(db, async (ids) => {
      const rows = await (await db.manager()).findBy(User, { id: Any([...ids]) });
      return byKeys(ids, rows, (user) => user.id);
    }),
    /**
     * Whose email a caller may see (UserPolicy.seesEmail), keyed by the caller's
     * id: the agencies of the partnerships their agency belongs to or they chair
     * independently, and those partnerships' independent chairs. Once per request.
     */
    emailScope: requestLoader<string, EmailScope>(db, async (callerIds) => {
      const rows: { caller: string; agency_ids: string[]; chair_ids: string[] }[] = await (await db.manager()).query(
        `WITH mine AS (
           SELECT c.caller, pa.partnership_id FROM unnest($1::uuid[]) AS c(caller)
             JOIN app_user u ON u.id = c.caller JOIN partnership_agency pa ON pa.agency_id = u.agency_id
           UNION
           SELECT x.user_id, x.partnership_id FROM partnership_independent_chair x WHERE x.user_id = ANY ($1::uuid[]))
         SELECT c.caller,
                ARRAY(SELECT DISTINCT pa.agency_id FROM mine m JOIN partnership_agency pa ON pa.partnership_id = m.partnership_id WHERE m.caller = c.caller) AS agency_ids,
                ARRAY(SELECT DISTINCT x.user_id FROM mine m JOIN partnership_independent_chair x ON x.partnership_id = m.partnership_id WHERE m.caller = c.caller) AS chair_ids
           FROM unnest($1::uuid[]) AS c(caller)`,
        [[...callerIds]],
      );
      const byCaller = new Map(rows.map((r) => [r.caller, { agencyIds: new Set(r.agency_ids), chairIds: new Set(r.chair_ids) }]));
      return callerIds.map((id) => byCaller.get(id) ?? { agencyIds: new Set<string>(), chairIds: new Set<string>() });
    }),
    /** The users of an agency who hold a role, keyed `agencyId|ROLE` (roleKey), in a stable order. */
    withRole: requestLoader<string, User[]>(db, async (keys) => {
      const wanted = keys.map((key) => key.split('|') as [string, Role]);
      const rows = await (await db.manager()).find(User, { where: { agencyId: Any([...new Set(wanted.map(([agencyId]) => agencyId))]) }, order: { id: 'ASC' } });
      return wanted.map(([agencyId, role]) => rows.filter((u) => u.agencyId === agencyId && u.roles.includes(role)));
    }),
  };
}

/** The key of UserLoaders.withRole. */
export const roleKey = (agencyId: string, role: Role): string => `${agencyId}|${role}`;

export type UserLoaders = ReturnType<typeof createUserLoaders>;

/**
 * Hands users that another loader's statement read alongside its rows (mapped
 * onto `property` by leftJoinAndMapOne) to the user loader, and takes them off
 * the rows: who acted is then known without a statement of its own.
 */
export function primeJoinedUsers(users: UserLoaders, rows: readonly object[], property: string): void {
  for (const row of rows) {
    const fields = row as Record<string, unknown>;
    const user = fields[property];
    if (user instanceof User) users.byId.prime(user.id, user);
    delete fields[property];
  }
}
