import { hasRole, type Actor } from '../../common/actor';
import { CommonErrors } from '../../common/errors';
import { Role } from './role';

/** Who may do what with user accounts. */
export const UserPolicy = {
  /** Only administrators create users and give roles. */
  canManage: (actor: Actor): boolean => hasRole(actor, Role.ADMIN),

  /** Throws FORBIDDEN unless the caller may 'manage' user accounts. */
  authorize: (actor: Actor, action: 'manage'): void => {
    if (action === 'manage' && UserPolicy.canManage(actor)) return;
    throw CommonErrors.FORBIDDEN();
  },
};
