import { hasRole, type Actor } from '../../common/actor';
import { Role } from '../user/role';

/** Who may see and answer information requests. */
export const InformationRequestPolicy = {
  /** Responders of the addressed agency answer it (and see it, with the case's reference and status). */
  isAddressedTo: (actor: Actor, request: { agencyId: string }): boolean =>
    hasRole(actor, Role.RESPONDER) && actor.agencyId === request.agencyId,
};
