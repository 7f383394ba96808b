import type { Actor } from '../../common/actor';
import type { PanelMemberRecord } from './panel.entity';

/** Who may act for a panel. */
export const PanelPolicy = {
  /** The chair records the panel's findings and recommendations. */
  isChair: (actor: Actor, members: readonly PanelMemberRecord[]): boolean =>
    members.some((m) => m.userId === actor.userId && m.isChair),
};
