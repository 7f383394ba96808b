import { hasRole, type Actor } from '../../common/actor';
import { Role } from './role';

/** Who may do what with user accounts. */
export const UserPolicy = {
  /** Only administrators create users and give roles. */
  canManage: (actor: Actor): boolean => hasRole(actor, Role.ADMIN),
};
