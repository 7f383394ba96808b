import { hasRole, type Actor } from '../../common/actor';
import { CommonErrors } from '../../common/errors';
import { AgencyKind } from '../agency/agency-kind';
import { Role } from './role';
import type { User } from './user.entity';
import type { EmailScope } from './user.loaders';

/** Who may do what with user accounts. */
export const UserPolicy = {
  /** Only administrators create users and give roles. */
  canManage: (actor: Actor): boolean => hasRole(actor, Role.ADMIN),

  /** OVERSIGHT (reading a partnership's figures as its commissioner's office) belongs to users of a policing body only. */
  mayHoldRole: (role: Role, agencyKind: AgencyKind): boolean => role !== Role.OVERSIGHT || agencyKind === AgencyKind.POLICING_BODY,

  /** Throws FORBIDDEN unless the caller may 'manage' user accounts. */
  authorize: (actor: Actor, action: 'manage'): void => {
    if (action === 'manage' && UserPolicy.canManage(actor)) return;
    throw CommonErrors.FORBIDDEN();
  },
  /**
   * A user's email is shown to themselves, to administrators, to users of the
   * same agency, and within a partnership (its agencies' users and its
   * registered independent chairs); never to a user of another partnership who
   * reaches the user some other way (a panel, an access-log entry).
   */
  seesEmail: (actor: Actor, user: Pick<User, 'id' | 'agencyId'>, scope: EmailScope): boolean =>
    actor.userId === user.id ||
    hasRole(actor, Role.ADMIN) ||
    actor.agencyId === user.agencyId ||
    scope.agencyIds.has(user.agencyId) ||
    scope.chairIds.has(user.id),
};
