import type { Actor } from '../../common/actor';
import { CaseReviewErrors } from '../case-review/case-review.errors';
import type { PanelMemberRecord } from './panel.entity';
import { PanelErrors } from './panel.errors';

/** Who may act for a panel. */
export const PanelPolicy = {
  /** The chair records the panel's findings and recommendations. */
  isChair: (actor: Actor, members: readonly PanelMemberRecord[]): boolean =>
    members.some((m) => m.userId === actor.userId && m.isChair),

  /**
   * Throws unless the caller may 'recordOutcome' (the chair): FORBIDDEN when
   * they may see the case (`seesCase`, asked only then), else NOT_FOUND, as for
   * a case that does not exist.
   */
  async authorize(actor: Actor, action: 'recordOutcome', members: readonly PanelMemberRecord[], seesCase: () => Promise<boolean>, field = 'caseId'): Promise<void> {
    if (action === 'recordOutcome' && PanelPolicy.isChair(actor, members)) return;
    throw (await seesCase()) ? PanelErrors.NOT_THE_CHAIR(field) : CaseReviewErrors.NOT_FOUND(field);
  },
};
