import type { Actor } from '../../common/actor';
import type { HubError } from '../../common/errors';
import { LawfulBasis, type RecordedBasis } from '../access-log/lawful-basis';
import type { CaseReviewRecord } from './case-review.entity';
import { CaseReviewErrors } from './case-review.errors';
import { CaseReviewPolicy } from './case-review.policy';

/** Who may confirm consent that awaits confirmation (DOMAIN.md, "Consent that holds"). */
export const ConsentPolicy = {
  /**
   * The refusal for confirming consent on this case, or null when the actor may:
   * a CST officer of the partnership (else NOT_FOUND), on a case awaiting
   * confirmation (else INVALID_STATE), who did not submit the application
   * (else FORBIDDEN): one officer alone cannot re-give consent a person withdrew.
   */
  confirmRefusal: (actor: Actor, record: CaseReviewRecord, submittedById: string | null): HubError | null => {
    if (!CaseReviewPolicy.canManage(actor, record.partnershipId)) return CaseReviewErrors.NOT_FOUND('caseId');
    if (!record.consentAwaitingConfirmation) return CaseReviewErrors.CONSENT_NOT_AWAITING('caseId');
    if (record.consentWithdrawnAt) return CaseReviewErrors.CONSENT_ALREADY_WITHDRAWN('caseId');
    if (submittedById === null || submittedById === actor.userId) return CaseReviewErrors.CONSENT_SECOND_OFFICER('caseId');
    return null;
  },

  /** Throws confirmRefusal's refusal, else answers the basis of the confirmation's writes: the lead agency's own case. */
  authorizeConfirm: (actor: Actor, record: CaseReviewRecord, submittedById: string | null): RecordedBasis => {
    const refusal = ConsentPolicy.confirmRefusal(actor, record, submittedById);
    if (refusal) throw refusal;
    return LawfulBasis.OWN_RECORD;
  },
};
