import type { Actor } from '../../common/actor';
import type { HubError } from '../../common/errors';
import { LawfulBasis, type RecordedBasis } from '../access-log/lawful-basis';
import { CaseReviewErrors } from '../case-review/case-review.errors';
import type { SeatCandidate } from '../partnership/partnership.service';
import { Role } from '../user/role';
import type { PanelMemberRecord } from './panel.entity';
import { PanelErrors } from './panel.errors';

/** Who may act for a panel. */
export const PanelPolicy = {
  /** The chair records the panel's findings and recommendations. */
  isChair: (actor: Actor, members: readonly PanelMemberRecord[]): boolean =>
    members.some((m) => m.userId === actor.userId && m.isChair),

  /**
   * Why this user may not take this seat, or null (DOMAIN.md, "Consent that
   * holds": panels from the partnership). A user the partnership does not know
   * answers like one that does not exist, so the answer tells the CST nothing
   * about other partnerships' users (not even their roles).
   */
  seatRefusal: (user: SeatCandidate | undefined, asChair: boolean, field: string): HubError | null => {
    if (!user || !(user.ofPartnershipAgency || user.independentChair)) return PanelErrors.NOT_OF_PARTNERSHIP(field);
    if (!user.ofPartnershipAgency && !asChair) return PanelErrors.INDEPENDENT_CHAIR_ONLY_CHAIRS(field);
    if (!user.roles.includes(Role.PANEL_MEMBER)) return PanelErrors.NOT_A_PANEL_MEMBER(field);
    return null;
  },

  /**
   * Throws unless the caller may 'recordOutcome' (the chair): FORBIDDEN when
   * they may see the case (`seesCase`, asked only then), else NOT_FOUND, as for
   * a case that does not exist. Answers the basis of the outcome's writes: the
   * panel's review under the 2014 Act, of what the agencies gave it.
   */
  async authorize(actor: Actor, action: 'recordOutcome', members: readonly PanelMemberRecord[], seesCase: () => Promise<boolean>, field = 'caseId'): Promise<RecordedBasis> {
    if (action === 'recordOutcome' && PanelPolicy.isChair(actor, members)) return LawfulBasis.ASB_ACT_SCHEDULE_4;
    throw (await seesCase()) ? PanelErrors.NOT_THE_CHAIR(field) : CaseReviewErrors.NOT_FOUND(field);
  },
};
