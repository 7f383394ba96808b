import { hasRole, isAdmin, type Actor } from '../../common/actor';
import { CommonErrors } from '../../common/errors';
import { AgencyKind } from '../agency/agency-kind';
import { PartnershipErrors } from '../partnership/partnership.errors';
import { Role } from '../user/role';

/** Who may read a partnership's figures through the API (the published forms need no token). */
export const StatisticsPolicy = {
  /** The four statutory figures are published: any user of the partnership's agencies, and administrators. */
  readsStatistics: (actor: Actor, partnershipId: string): boolean => isAdmin(actor) || actor.partnershipIds.includes(partnershipId),

  /**
   * The police and crime commissioner's office of the partnership: an OVERSIGHT user
   * of a policing body that belongs to it. Nothing else: no case, nothing personal.
   */
  oversees: (actor: Actor, partnershipId: string): boolean =>
    hasRole(actor, Role.OVERSIGHT) && actor.agencyKind === AgencyKind.POLICING_BODY && actor.partnershipIds.includes(partnershipId),

  /** The yearly return: the partnership's oversight body, its CST (the lead agency's), and administrators. */
  readsReturn: (actor: Actor, partnershipId: string): boolean =>
    isAdmin(actor) ||
    StatisticsPolicy.oversees(actor, partnershipId) ||
    (hasRole(actor, Role.CST_OFFICER) && actor.leadPartnershipIds.includes(partnershipId)),

  /**
   * Throws unless the caller may read the partnership's 'statistics' or 'return':
   * NOT_FOUND (named by `field`) when they may not know the partnership, exactly as
   * for one that does not exist; FORBIDDEN when they know it but may not read that.
   */
  authorize: (actor: Actor, action: 'statistics' | 'return', partnershipId: string, field = 'partnershipId'): void => {
    const may = action === 'statistics' ? StatisticsPolicy.readsStatistics(actor, partnershipId) : StatisticsPolicy.readsReturn(actor, partnershipId);
    if (may) return;
    throw StatisticsPolicy.readsStatistics(actor, partnershipId) ? CommonErrors.FORBIDDEN() : PartnershipErrors.NOT_FOUND(field);
  },
};
