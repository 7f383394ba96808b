import { hasRole, type Actor } from '../../common/actor';
import { CommonErrors } from '../../common/errors';
import { Role } from '../user/role';

/** Who may do what with incidents (DOMAIN.md, "Who may see what"). */
export const IncidentPolicy = {
  /** Contributors record incidents for their own agency. */
  canRecord: (actor: Actor): boolean => hasRole(actor, Role.CONTRIBUTOR),

  /**
   * The agency whose incidents the caller sees directly and in full: their own,
   * for contributors and responders. Anything else is reached only through a case.
   */
  directAgencyId: (actor: Actor): string | null =>
    hasRole(actor, Role.CONTRIBUTOR) || hasRole(actor, Role.RESPONDER) ? actor.agencyId : null,

  /** The owning agency always sees its own records unredacted (and their history). */
  isOwner: (actor: Actor, incident: { agencyId: string }): boolean => actor.agencyId === incident.agencyId,

  /** Throws FORBIDDEN unless the caller may 'record' incidents (for their own agency). */
  authorize: (actor: Actor, action: 'record'): void => {
    if (action === 'record' && IncidentPolicy.canRecord(actor)) return;
    throw CommonErrors.FORBIDDEN();
  },
};
