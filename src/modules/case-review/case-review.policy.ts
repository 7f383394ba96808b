import { hasRole, type Actor } from '../../common/actor';
import { LawfulBasis, type RecordedBasis } from '../access-log/lawful-basis';
import { Role } from '../user/role';
import { CaseStatus } from './case-review.enums';
import { CaseReviewErrors } from './case-review.errors';
import { consentActive, type CaseAccess, type CaseReview } from './case-review.types';

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
   * The basis on which personal data `ownerAgencyId` recorded reaches a viewer
   * of a case: the owning agency always sees its own (OWN_RECORD); another
   * agency only while the victim's consent is active (CONSENT). Null: redacted.
   */
  disclosureBasis: (viewerAgencyId: string, ownerAgencyId: string, consentIsActive: boolean): RecordedBasis | null => {
    if (viewerAgencyId === ownerAgencyId) return LawfulBasis.OWN_RECORD;
    return consentIsActive ? LawfulBasis.CONSENT : null;
  },

  /**
   * The basis on which one record seen through this case reaches its viewer:
   * in a subject access export the subject's own records (by id) on the
   * export's basis and nobody else's; otherwise as disclosureBasis says.
   */
  basisThrough: (view: Pick<CaseReview, 'access' | 'viewerAgencyId' | 'record' | 'subject'>, owned: { id: string; agencyId: string }): RecordedBasis | null => {
    if (view.access === 'subject') return view.subject?.recordIds.has(owned.id) ? view.subject.basis : null;
    return CaseReviewPolicy.disclosureBasis(view.viewerAgencyId, owned.agencyId, consentActive(view.record));
  },

  /** Why a record's earlier versions reach this viewer: its owning agency's, or the export's (the subject's own records); null otherwise. */
  historyBasisThrough: (view: Pick<CaseReview, 'access' | 'viewerAgencyId' | 'record' | 'subject'>, owned: { id: string; agencyId: string }): RecordedBasis | null => {
    if (view.access === 'subject') return CaseReviewPolicy.basisThrough(view, owned);
    return view.viewerAgencyId === owned.agencyId ? LawfulBasis.OWN_RECORD : null;
  },

  /** The case's history (events, decision, panel, requests, recommendations): for full sight and for a subject access export. */
  seesHistory: (view: { access: CaseAccess }): boolean => view.access === 'full' || view.access === 'subject',

  /**
   * Throws unless the caller may: 'manage' a case of the partnership (its CST).
   * NOT_FOUND, as for a case that does not exist, named by `field`. Answers the
   * basis of the step's writes: the lead agency's own case.
   */
  authorize: (actor: Actor, action: 'manage', c: { partnershipId: string }, field = 'caseId'): RecordedBasis => {
    if (action === 'manage' && CaseReviewPolicy.canManage(actor, c.partnershipId)) return LawfulBasis.OWN_RECORD;
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

  /**
   * The threshold suggestion is worked out from every linked record, other
   * people's included: a subject access export holds what is recorded about the
   * subject, and the CST's decision (thresholdDecision), not this.
   */
  assertNotSubjectExport: (view: { access: CaseAccess }, field: string): void => {
    if (view.access === 'subject') throw CaseReviewErrors.NOT_IN_SUBJECT_EXPORT(field);
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
