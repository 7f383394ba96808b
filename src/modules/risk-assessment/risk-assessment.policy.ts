import type { Actor } from '../../common/actor';
import { LawfulBasis, type RecordedBasis } from '../access-log/lawful-basis';
import { CaseReviewPolicy } from '../case-review/case-review.policy';
import type { CaseReview } from '../case-review/case-review.types';
import { RiskAssessmentErrors } from './risk-assessment.errors';
import type { RiskAssessmentRecord } from './risk-assessment.entity';

/** Who may assess a case's risk and read the answers (DOMAIN.md, "The panel pack and the risk assessment"). */
export const RiskAssessmentPolicy = {
  /** The partnership's CST and the members of the case's panels: whoever sees the case in full. */
  canAssess: (actor: Actor, c: { id: string; partnershipId: string }, sitsOnPanelOf: ReadonlySet<string>): boolean =>
    CaseReviewPolicy.access(actor, c, sitsOnPanelOf) === 'full',

  /**
   * The basis on which the answers (health, vulnerability, self-harm: the victim's
   * personal data, recorded by the assessor's agency) reach this viewer: the
   * assessor's agency's own record, others only while the victim's consent is
   * active; in a subject access export, when the victim is the subject. Null: withheld.
   */
  answersBasis: (view: Pick<CaseReview, 'access' | 'viewerAgencyId' | 'record' | 'subject'>, assessment: RiskAssessmentRecord): RecordedBasis | null =>
    CaseReviewPolicy.basisThrough(view, { id: view.access === 'subject' ? view.record.victimId : assessment.id, agencyId: assessment.agencyId }),

  /**
   * Throws NOT_FOUND, as for a case that does not exist, unless the caller may
   * assess the case. Answers the basis of the writes: the CST's own case, or a
   * panel member's work on the review under the 2014 Act.
   */
  authorize: (actor: Actor, action: 'assess', c: { id: string; partnershipId: string }, sitsOnPanelOf: ReadonlySet<string>): RecordedBasis => {
    if (action === 'assess' && RiskAssessmentPolicy.canAssess(actor, c, sitsOnPanelOf)) {
      return CaseReviewPolicy.canManage(actor, c.partnershipId) ? LawfulBasis.OWN_RECORD : LawfulBasis.ASB_ACT_SCHEDULE_4;
    }
    throw RiskAssessmentErrors.CASE_NOT_FOUND('caseId');
  },
};
