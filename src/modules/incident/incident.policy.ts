import { hasRole, type Actor } from '../../common/actor';
import { CommonErrors } from '../../common/errors';
import { LawfulBasis, type RecordedBasis } from '../access-log/lawful-basis';
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

  /**
   * The basis on which the caller sees a record: OWN_RECORD for its owning agency,
   * CONSENT through a case whose consent is active; null when it stays redacted.
   */
  disclosureBasis: (actor: Actor, incident: { agencyId: string }, through: { consentActive: boolean } | null): RecordedBasis | null => {
    if (IncidentPolicy.isOwner(actor, incident)) return LawfulBasis.OWN_RECORD;
    return through?.consentActive ? LawfulBasis.CONSENT : null;
  },

  /**
   * Throws FORBIDDEN unless the caller may 'record' incidents (for their own
   * agency); answers the basis of the writes: the agency's own records.
   */
  authorize: (actor: Actor, action: 'record'): RecordedBasis => {
    if (action === 'record' && IncidentPolicy.canRecord(actor)) return LawfulBasis.OWN_RECORD;
    throw CommonErrors.FORBIDDEN();
  },
};
