import { hasRole, type Actor } from '../../common/actor';
import { LawfulBasis, type RecordedBasis } from '../access-log/lawful-basis';
import { Role } from '../user/role';
import { RecommendationErrors } from './recommendation.errors';

/** Who may see and answer recommendations. */
export const RecommendationPolicy = {
  /** Responders of the addressed agency accept, decline and complete it. */
  isAddressedTo: (actor: Actor, recommendation: { agencyId: string }): boolean =>
    hasRole(actor, Role.RESPONDER) && actor.agencyId === recommendation.agencyId,

  /** An agency answers a panel's recommendation under the 2014 Act (its duty to have regard to it). */
  ANSWER_BASIS: LawfulBasis.ASB_ACT_SCHEDULE_4 as RecordedBasis,

  /**
   * Throws unless the caller may 'answer' the recommendation (a responder of
   * the addressed agency): NOT_FOUND, as for one that does not exist. Answers the recommendation.
   */
  authorize<T extends { agencyId: string }>(actor: Actor, action: 'answer', recommendation: T | null, field = 'recommendationId'): T {
    if (action === 'answer' && recommendation && RecommendationPolicy.isAddressedTo(actor, recommendation)) return recommendation;
    throw RecommendationErrors.NOT_FOUND(field);
  },
};
