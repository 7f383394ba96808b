import type { Actor } from '../../common/actor';
import { LawfulBasis, type RecordedBasis } from '../access-log/lawful-basis';
import { CommonErrors } from '../../common/errors';
import { CaseReviewPolicy } from '../case-review/case-review.policy';
import type { CaseReview } from '../case-review/case-review.types';
import { PartnershipErrors } from '../partnership/partnership.errors';
import { PartnershipPolicy } from '../partnership/partnership.policy';
import { LetterErrors } from './letter.errors';

/**
 * Who drafts letters and words them: the partnership's CST (letters are the
 * single point of contact's). Anyone else who sees the case is refused
 * (FORBIDDEN); the case itself answered NOT_FOUND to anyone who may not know it.
 */
export const LetterPolicy = {
  /** Answers the basis of what it allows: the lead agency's own case and wording (OWN_RECORD). */
  authorize: (actor: Actor, action: 'draft' | 'word', target: CaseReview | { partnershipId: string }, field = 'partnershipId'): RecordedBasis => {
    if (action === 'draft') {
      const view = target as CaseReview;
      CaseReviewPolicy.assertBeyondReference(view, 'letter');
      if (!CaseReviewPolicy.canManage(actor, view.record.partnershipId)) throw LetterErrors.CST_ONLY();
      return LawfulBasis.OWN_RECORD;
    }
    const { partnershipId } = target as { partnershipId: string };
    if (CaseReviewPolicy.canManage(actor, partnershipId)) return LawfulBasis.OWN_RECORD;
    // Templates are the CST's wording: others of the partnership (an administrator too) may read them, not change them.
    throw PartnershipPolicy.canSee(actor, partnershipId) ? CommonErrors.FORBIDDEN() : PartnershipErrors.NOT_FOUND(field);
  },
};
