import type { Actor } from '../../common/actor';
import type { RecordedBasis } from '../access-log/lawful-basis';
import { CaseReviewPolicy } from '../case-review/case-review.policy';
import { consentActive, type CaseReview } from '../case-review/case-review.types';
import { ContactDirection } from './contact-direction';

/**
 * Who sees what of a case's contacts with the applicant and victim (and of the
 * victim's involvement, which is the same kind of record): the lead agency's
 * personal data, seen by the partnership's CST, and by the case's panel members
 * while consent is active (the lead agency's own always). Recording them is the
 * CST's (CaseReviewPolicy 'manage').
 */
export const ContactPolicy = {
  /**
   * The basis on which the lead agency's record about the case's `about` (the
   * applicant or the victim) reaches this viewer: OWN_RECORD or CONSENT as for
   * the case's people; in a subject access export, the export's basis when
   * `about` is the subject, else none (a contact with a carer is the carer's).
   * Null: not shown.
   */
  basis: (view: CaseReview, leadAgencyId: string, about: 'applicant' | 'victim'): RecordedBasis | null => {
    if (view.access === 'subject') return CaseReviewPolicy.basisThrough(view, { id: about === 'applicant' ? view.record.applicantId : view.record.victimId, agencyId: leadAgencyId });
    if (view.access !== 'full') return null;
    return CaseReviewPolicy.disclosureBasis(view.viewerAgencyId, leadAgencyId, consentActive(view.record));
  },

  /** Whom a contact was with. */
  about: (direction: ContactDirection): 'applicant' | 'victim' =>
    direction === ContactDirection.TO_APPLICANT || direction === ContactDirection.FROM_APPLICANT ? 'applicant' : 'victim',

  /** Throws unless the caller may 'record' a contact (the partnership's CST); answers the basis of its writes. */
  authorize: (actor: Actor, action: 'record', c: { partnershipId: string }): RecordedBasis => CaseReviewPolicy.authorize(actor, 'manage', c),
};
