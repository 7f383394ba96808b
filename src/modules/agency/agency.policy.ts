import { hasRole, type Actor } from '../../common/actor';
import { Role } from '../user/role';

/** Who may do what with agencies. */
export const AgencyPolicy = {
  /** Only administrators create agencies. */
  canManage: (actor: Actor): boolean => hasRole(actor, Role.ADMIN),

  /**
   * Which agencies a caller may list: administrators all of them; everyone else
   * their own agency and the agencies of the partnerships it belongs to (the
   * organisations they work with; no personal data is involved).
   */
  visibility: (actor: Actor): { all: true } | { all: false; agencyId: string; partnershipIds: readonly string[] } =>
    hasRole(actor, Role.ADMIN) ? { all: true } : { all: false, agencyId: actor.agencyId, partnershipIds: actor.partnershipIds },
};
