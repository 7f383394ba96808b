import { hasRole, type Actor } from '../../common/actor';
import { Role } from '../user/role';

/** Who may see and answer recommendations. */
export const RecommendationPolicy = {
  /** Responders of the addressed agency accept, decline and complete it. */
  isAddressedTo: (actor: Actor, recommendation: { agencyId: string }): boolean =>
    hasRole(actor, Role.RESPONDER) && actor.agencyId === recommendation.agencyId,
};
