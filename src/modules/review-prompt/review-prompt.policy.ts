import { hasRole, type Actor } from '../../common/actor';
import { Role } from '../user/role';
import type { ReviewPromptRecord } from './review-prompt.entity';

/** Who may see and close prompts: the recording agency's contributors and responders, and nobody else. */
export const ReviewPromptPolicy = {
  /** Roles that work with their agency's prompts. */
  mayHandle: (actor: Actor): boolean => hasRole(actor, Role.CONTRIBUTOR) || hasRole(actor, Role.RESPONDER),

  /** The prompt is the caller's agency's and the caller handles prompts; anything else answers NOT_FOUND. */
  sees: (actor: Actor, record: ReviewPromptRecord): boolean => ReviewPromptPolicy.mayHandle(actor) && record.agencyId === actor.agencyId,
};
