import { hasRole, type Actor } from '../../common/actor';
import { LawfulBasis, type RecordedBasis } from '../access-log/lawful-basis';
import type { CaseReview } from '../case-review/case-review.types';
import { Role } from '../user/role';
import { InformationRequestErrors } from './information-request.errors';

/** Who may see and answer information requests. */
export const InformationRequestPolicy = {
  /** Responders of the addressed agency answer it (and see it, with the case's reference and status). */
  isAddressedTo: (actor: Actor, request: { agencyId: string }): boolean =>
    hasRole(actor, Role.RESPONDER) && actor.agencyId === request.agencyId,

  /**
   * The basis on which an agency's answer reaches a viewer of its case: its own
   * agency's record (OWN_RECORD); for the CST and the panel, information given
   * for the case review under the 2014 Act (ASB_ACT_SCHEDULE_4); in a subject
   * access export, the export's own basis.
   */
  answerBasis: (view: Pick<CaseReview, 'access' | 'viewerAgencyId' | 'subject'>, request: { agencyId: string }): RecordedBasis => {
    if (view.access === 'subject' && view.subject) return view.subject.basis;
    return view.viewerAgencyId === request.agencyId ? LawfulBasis.OWN_RECORD : LawfulBasis.ASB_ACT_SCHEDULE_4;
  },

  /** An answer is written under Schedule 4 of the 2014 Act: the agency gives the review the information it asked for. */
  ANSWER_WRITE_BASIS: LawfulBasis.ASB_ACT_SCHEDULE_4 as RecordedBasis,

  /**
   * Throws unless the caller may 'answer' the request (a responder of the
   * addressed agency): NOT_FOUND, as for a request that does not exist. Answers the request.
   */
  authorize<T extends { agencyId: string }>(actor: Actor, action: 'answer', request: T | null, field = 'requestId'): T {
    if (action === 'answer' && request && InformationRequestPolicy.isAddressedTo(actor, request)) return request;
    throw InformationRequestErrors.NOT_FOUND(field);
  },
};
