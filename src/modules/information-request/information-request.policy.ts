import { hasRole, type Actor } from '../../common/actor';
import { Role } from '../user/role';
import { InformationRequestErrors } from './information-request.errors';

/** Who may see and answer information requests. */
export const InformationRequestPolicy = {
  /** Responders of the addressed agency answer it (and see it, with the case's reference and status). */
  isAddressedTo: (actor: Actor, request: { agencyId: string }): boolean =>
    hasRole(actor, Role.RESPONDER) && actor.agencyId === request.agencyId,

  /**
   * Throws unless the caller may 'answer' the request (a responder of the
   * addressed agency): NOT_FOUND, as for a request that does not exist. Answers the request.
   */
  authorize<T extends { agencyId: string }>(actor: Actor, action: 'answer', request: T | null, field = 'requestId'): T {
    if (action === 'answer' && request && InformationRequestPolicy.isAddressedTo(actor, request)) return request;
    throw InformationRequestErrors.NOT_FOUND(field);
  },
};
