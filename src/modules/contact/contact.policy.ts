import type { Actor } from '../../common/actor';
import { CaseReviewPolicy } from '../case-review/case-review.policy';
import { consentActive, type CaseReview } from '../case-review/case-review.types';

/**
 * Who sees what of a case's contacts with the applicant and victim (and of the
 * victim's involvement, which is the same kind of record): the lead agency's
 * personal data, seen by the partnership's CST, and by the case's panel members
 * while consent is active (the lead agency's own always). Recording them is the
 * CST's (CaseReviewPolicy 'manage').
 */
export const ContactPolicy = {
  sees: (view: CaseReview, leadAgencyId: string): boolean =>
    view.access === 'full' && CaseReviewPolicy.seesPersonalData(view.viewerAgencyId, leadAgencyId, consentActive(view.record)),

  authorize: (actor: Actor, action: 'record', c: { partnershipId: string }): void => CaseReviewPolicy.authorize(actor, 'manage', c),
};
