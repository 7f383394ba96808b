import { hasRole, type Actor } from '../../common/actor';
import { CommonErrors } from '../../common/errors';
import { LawfulBasis, type RecordedBasis } from '../access-log/lawful-basis';
import { Role } from '../user/role';
import { DataProtectionErrors } from './data-protection.errors';

/**
 * Who answers for data protection (DOMAIN.md, "Data protection"): a data
 * protection officer exports and erases a person within their reach (the
 * database decides the reach: hub_subject_in_reach); a partnership's retention
 * is set by an administrator or its lead agency's officer, and applied by an
 * administrator (and the daily job).
 */
export const DataProtectionPolicy = {
  /**
   * A subject access export, its erasure and erasure past retention are the
   * controller's duties under data protection law (UK GDPR Art. 6(1)(c)): what
   * they read and write is logged on that basis, not as anyone's consent.
   */
  BASIS: LawfulBasis.LEGAL_OBLIGATION as RecordedBasis,

  isOfficer: (actor: Actor): boolean => hasRole(actor, Role.DATA_PROTECTION_OFFICER),

  /** Who may change a partnership's retention: administrators, and the data protection officer of its lead agency. */
  canSetRetention: (actor: Actor, partnershipId: string): boolean =>
    hasRole(actor, Role.ADMIN) || (hasRole(actor, Role.DATA_PROTECTION_OFFICER) && actor.leadPartnershipIds.includes(partnershipId)),

  /** Who may see a partnership's retention: whoever sees the partnership. */
  canSeeRetention: (actor: Actor, partnershipId: string): boolean => hasRole(actor, Role.ADMIN) || actor.partnershipIds.includes(partnershipId),

  /**
   * Throws unless the caller may: 'export' or 'erase' a person (FORBIDDEN
   * without the role; whether the person is within reach is the database's
   * answer, NOT_FOUND otherwise); 'setRetention' of a partnership (NOT_FOUND
   * when they may not see it, FORBIDDEN when they may not change it);
   * 'applyRetention' (administrators). Answers the basis of what it allows.
   */
  authorize: (actor: Actor, action: 'export' | 'erase' | 'setRetention' | 'applyRetention', partnershipId?: string, field = 'partnershipId'): RecordedBasis => {
    switch (action) {
      case 'export':
      case 'erase':
        if (DataProtectionPolicy.isOfficer(actor)) return DataProtectionPolicy.BASIS;
        throw CommonErrors.FORBIDDEN();
      case 'applyRetention':
        if (hasRole(actor, Role.ADMIN)) return DataProtectionPolicy.BASIS;
        throw CommonErrors.FORBIDDEN();
      case 'setRetention':
        if (partnershipId !== undefined && DataProtectionPolicy.canSetRetention(actor, partnershipId)) return LawfulBasis.OWN_RECORD;
        throw partnershipId !== undefined && DataProtectionPolicy.canSeeRetention(actor, partnershipId)
          ? CommonErrors.FORBIDDEN()
          : DataProtectionErrors.PARTNERSHIP_NOT_FOUND(field);
    }
  },
};
