import { isAdmin, type Actor } from '../../common/actor';
import { CommonErrors } from '../../common/errors';

/** Who may do what with agencies. */
export const AgencyPolicy = {
  /** Only administrators create agencies. */
  canManage: (actor: Actor): boolean => isAdmin(actor),

  /**
   * Which agencies a caller may list: administrators all of them; everyone else
   * their own agency and the agencies of the partnerships it belongs to (the
   * organisations they work with; no personal data is involved).
   */
  visibility: (actor: Actor): { all: true } | { all: false; agencyId: string; partnershipIds: readonly string[] } =>
    isAdmin(actor) ? { all: true } : { all: false, agencyId: actor.agencyId, partnershipIds: actor.partnershipIds },

  /** Throws FORBIDDEN unless the caller may 'manage' agencies (create them). */
  authorize: (actor: Actor, action: 'manage'): void => {
    if (action === 'manage' && AgencyPolicy.canManage(actor)) return;
    throw CommonErrors.FORBIDDEN();
  },
};
