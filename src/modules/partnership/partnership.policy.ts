import { hasRole, type Actor } from '../../common/actor';
import { CommonErrors } from '../../common/errors';
import { LawfulBasis, type RecordedBasis } from '../access-log/lawful-basis';
import { PartnershipErrors } from './partnership.errors';
import { Role } from '../user/role';

/** Who may do what with partnerships. */
export const PartnershipPolicy = {
  /** Only administrators create partnerships and change their membership. */
  canManage: (actor: Actor): boolean => hasRole(actor, Role.ADMIN),

  /** Administrators see every partnership; everyone else those their agency belongs to. */
  canSee: (actor: Actor, partnershipId: string): boolean =>
    hasRole(actor, Role.ADMIN) || actor.partnershipIds.includes(partnershipId),

  /**
   * The partnership's published procedure (its text on how to apply, its
   * timescales): its lead agency's CST writes it, and administrators (who set
   * partnerships up) may too.
   */
  canSetProcedure: (actor: Actor, partnershipId: string): boolean =>
    hasRole(actor, Role.ADMIN) || (hasRole(actor, Role.CST_OFFICER) && actor.leadPartnershipIds.includes(partnershipId)),

  /** The partnership ids a caller may list, or 'all'. */
  visibleIds: (actor: Actor): 'all' | readonly string[] => (hasRole(actor, Role.ADMIN) ? 'all' : actor.partnershipIds),

  /**
   * Throws unless the caller may: 'manage' partnerships (FORBIDDEN), 'see'
   * the partnership `id` (NOT_FOUND, exactly as for a missing one, named by `field`),
   * or 'setProcedure' of it (NOT_FOUND when they may not see it, else FORBIDDEN).
   * Answers the basis of the writes it allows: the partnership's settings are
   * the hub's own records, and hold no one's personal data.
   */
  authorize: (actor: Actor, action: 'manage' | 'see' | 'setProcedure', id?: string, field = 'id'): RecordedBasis => {
    if (action === 'manage') {
      if (PartnershipPolicy.canManage(actor)) return LawfulBasis.OWN_RECORD;
      throw CommonErrors.FORBIDDEN();
    }
    if (action === 'setProcedure' && id !== undefined) {
      if (PartnershipPolicy.canSetProcedure(actor, id)) return LawfulBasis.OWN_RECORD;
      throw PartnershipPolicy.canSee(actor, id) ? CommonErrors.FORBIDDEN() : PartnershipErrors.NOT_FOUND(field);
    }
    if (id !== undefined && PartnershipPolicy.canSee(actor, id)) return LawfulBasis.OWN_RECORD;
    throw PartnershipErrors.NOT_FOUND(field);
  },
};
