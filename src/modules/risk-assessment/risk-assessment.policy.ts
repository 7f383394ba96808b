import type { Actor } from '../../common/actor';
import { CaseReviewPolicy } from '../case-review/case-review.policy';
import { consentActive } from '../case-review/case-review.types';
import type { CaseReviewRecord } from '../case-review/case-review.entity';
import { RiskAssessmentErrors } from './risk-assessment.errors';
import type { RiskAssessmentRecord } from './risk-assessment.entity';

/** Who may assess a case's risk and read the answers (DOMAIN.md, "The panel pack and the risk assessment"). */
export const RiskAssessmentPolicy = {
  /** The partnership's CST and the members of the case's panels: whoever sees the case in full. */
  canAssess: (actor: Actor, c: { id: string; partnershipId: string }, sitsOnPanelOf: ReadonlySet<string>): boolean =>
    CaseReviewPolicy.access(actor, c, sitsOnPanelOf) === 'full',

  /**
   * The answers (health, vulnerability, self-harm) are personal data of the
   * assessor's agency: others see them only while the victim's consent is active.
   */
  seesAnswers: (viewerAgencyId: string, assessment: RiskAssessmentRecord, c: CaseReviewRecord): boolean =>
    CaseReviewPolicy.seesPersonalData(viewerAgencyId, assessment.agencyId, consentActive(c)),

  /** Throws NOT_FOUND, as for a case that does not exist, unless the caller may assess the case. */
  authorize: (actor: Actor, action: 'assess', c: { id: string; partnershipId: string }, sitsOnPanelOf: ReadonlySet<string>): void => {
    if (action === 'assess' && RiskAssessmentPolicy.canAssess(actor, c, sitsOnPanelOf)) return;
    throw RiskAssessmentErrors.CASE_NOT_FOUND('caseId');
  },
};
