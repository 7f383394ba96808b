import { hasRole, type Actor } from '../../common/actor';
import { Role } from '../user/role';
import { CaseStatus } from './case-review.enums';
import { CaseReviewErrors } from './case-review.errors';
import type { CaseAccess } from './case-review.types';

/** Who may see and run case reviews (DOMAIN.md, "Who may see what"). */
export const CaseReviewPolicy = {
  /** The partnership's Community Safety Team (CST officers of its lead agency) runs its cases. */
  canManage: (actor: Actor, partnershipId: string): boolean =>
    hasRole(actor, Role.CST_OFFICER) && actor.leadPartnershipIds.includes(partnershipId),

  /**
   * Full sight of a case: its partnership's CST, and panel members of a panel of
   * the case. Anyone else: none (NOT_FOUND, like a case that does not exist).
   */
  access: (actor: Actor, c: { id: string; partnershipId: string }, sitsOnPanelOf: ReadonlySet<string>): CaseAccess | null =>
    CaseReviewPolicy.canManage(actor, c.partnershipId) || (hasRole(actor, Role.PANEL_MEMBER) && sitsOnPanelOf.has(c.id))
      ? 'full'
      : null,

  /** What a list of cases may include: the CST's partnerships, and the panels the caller sits on. */
  listScope: (actor: Actor, sitsOnPanelOf: ReadonlySet<string>): { partnershipIds: string[]; panelCaseIds: string[] } => ({
    partnershipIds: hasRole(actor, Role.CST_OFFICER) ? [...actor.leadPartnershipIds] : [],
    panelCaseIds: hasRole(actor, Role.PANEL_MEMBER) ? [...sitsOnPanelOf] : [],
  }),

  /**
   * Personal data another agency recorded is shown only while the victim's
   * consent is active; the owning agency always sees its own.
   */
  seesPersonalData: (viewerAgencyId: string, ownerAgencyId: string, consentIsActive: boolean): boolean =>
    viewerAgencyId === ownerAgencyId || consentIsActive,

  /**
   * Throws unless the caller may: 'manage' a case of the partnership (its CST).
   * NOT_FOUND, as for a case that does not exist, named by `field`.
   */
  authorize: (actor: Actor, action: 'manage', c: { partnershipId: string }, field = 'caseId'): void => {
    if (action === 'manage' && CaseReviewPolicy.canManage(actor, c.partnershipId)) return;
    throw CaseReviewErrors.NOT_FOUND(field);
  },

  /**
   * An auditor reaches a case through the access log and sees its id, reference
   * and status only: a field that would say more (its partnership and agencies,
   * its consent, its threshold) and cannot be empty is refused.
   */
  assertBeyondReference: (view: { access: CaseAccess }, field: string): void => {
    if (view.access === 'reference') throw CaseReviewErrors.AUDIT_REFERENCE_ONLY(field);
  },
};

/**
 * Which statuses allow each step (the contract's CaseStatus and mutation
 * comments); any other answers INVALID_STATE and changes nothing.
 */
export const ALLOWED_FROM = {
  linkIncidents: [CaseStatus.RECEIVED, CaseStatus.IN_REVIEW, CaseStatus.SECONDARY_REVIEW],
  decideThreshold: [CaseStatus.RECEIVED],
  requestInformation: [CaseStatus.IN_REVIEW],
  schedulePanel: [CaseStatus.IN_REVIEW, CaseStatus.SECONDARY_REVIEW],
  recordPanelOutcome: [CaseStatus.PANEL_SCHEDULED],
  markOutcomeSent: [CaseStatus.REVIEWED],
  requestSecondaryReview: [CaseStatus.THRESHOLD_NOT_MET, CaseStatus.OUTCOME_SENT],
  closeCase: [CaseStatus.THRESHOLD_NOT_MET, CaseStatus.OUTCOME_SENT],
  withdrawApplication: [CaseStatus.RECEIVED, CaseStatus.IN_REVIEW, CaseStatus.PANEL_SCHEDULED],
  /** Delay letters, consent withdrawal and agencies' answers: anything still open. */
  open: Object.values(CaseStatus).filter((s) => s !== CaseStatus.CLOSED && s !== CaseStatus.WITHDRAWN),
  any: Object.values(CaseStatus),
} as const satisfies Record<string, readonly CaseStatus[]>;
