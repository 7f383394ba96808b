import { hasRole, type Actor } from '../../common/actor';
import { LawfulBasis, type RecordedBasis } from '../access-log/lawful-basis';
import { Role } from '../user/role';
import type { ReviewPromptRecord } from './review-prompt.entity';

/** Who may see and close prompts: the recording agency's contributors and responders, and nobody else. */
export const ReviewPromptPolicy = {
  /**
   * A prompt comes of the repeat-report matching across the partnership's agencies:
   * Crime and Disorder Act 1998, s.115 (DOMAIN.md). Its creation is the one entry it writes.
   */
  RAISE_BASIS: LawfulBasis.CRIME_AND_DISORDER_ACT_S115 as RecordedBasis,

  /** Closing a prompt changes the agency's own record. */
  HANDLE_BASIS: LawfulBasis.OWN_RECORD as RecordedBasis,

  /** Roles that work with their agency's prompts. */
  mayHandle: (actor: Actor): boolean => hasRole(actor, Role.CONTRIBUTOR) || hasRole(actor, Role.RESPONDER),

  /** The prompt is the caller's agency's and the caller handles prompts; anything else answers NOT_FOUND. */
  sees: (actor: Actor, record: ReviewPromptRecord): boolean => ReviewPromptPolicy.mayHandle(actor) && record.agencyId === actor.agencyId,
};
