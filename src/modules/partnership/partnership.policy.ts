import { hasRole, type Actor } from '../../common/actor';
import { Role } from '../user/role';

/** Who may do what with partnerships. */
export const PartnershipPolicy = {
  /** Only administrators create partnerships and change their membership. */
  canManage: (actor: Actor): boolean => hasRole(actor, Role.ADMIN),

  /** Administrators see every partnership; everyone else those their agency belongs to. */
  canSee: (actor: Actor, partnershipId: string): boolean =>
    hasRole(actor, Role.ADMIN) || actor.partnershipIds.includes(partnershipId),

  /**
   * The text on how to apply is the partnership's published procedure: its lead
   * agency's CST writes it, and administrators (who set partnerships up) may too.
   */
  canSetHowToApply: (actor: Actor, partnershipId: string): boolean =>
    hasRole(actor, Role.ADMIN) || (hasRole(actor, Role.CST_OFFICER) && actor.leadPartnershipIds.includes(partnershipId)),

  /** The partnership ids a caller may list, or 'all'. */
  visibleIds: (actor: Actor): 'all' | readonly string[] => (hasRole(actor, Role.ADMIN) ? 'all' : actor.partnershipIds),
};
