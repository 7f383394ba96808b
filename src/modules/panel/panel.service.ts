import type { EntityManager } from 'typeorm';
import type { RecordedBasis } from '../access-log/lawful-basis';
import { MAX_MEMBERS } from './panel.types';
import type { Actor } from '../../common/actor';
import { checkId, checkIds } from '../../common/ids';
import type { CaseReviewRecord } from '../case-review/case-review.entity';
import { CaseStatus } from '../case-review/case-review.enums';
import { CaseReviewErrors } from '../case-review/case-review.errors';
import type { CaseReviewLoaders } from '../case-review/case-review.loaders';
import { ALLOWED_FROM, CaseReviewPolicy } from '../case-review/case-review.policy';
import type { CaseReview } from '../case-review/case-review.types';
import type { CaseReviewViews } from '../case-review/case-review.views';
import { caseText, type CaseSteps } from '../case-review/case-steps';
import type { PartnershipService } from '../partnership/partnership.service';
import type { User } from '../user/user.entity';
import type { UserLoaders } from '../user/user.loaders';
import { PanelMemberRecord, PanelRecord } from './panel.entity';
import { PanelErrors } from './panel.errors';
import type { RecommendationInput } from './panel.inputs';
import type { PanelLoaders } from './panel.loaders';
import { PanelPolicy } from './panel.policy';
import { panelView, type Panel, type PanelMember } from './panel.types';


/**
 * What recording a panel's outcome needs of the recommendation module: it
 * checks the chair's recommendations, then creates them in the step's
 * transaction. Handed in by the composition root (src/graphql/context.ts), so
 * this module does not import that one (a recommendation belongs to a panel).
 */
export type PanelRecommendations = {
  checkInputs(inputs: readonly RecommendationInput[]): unknown[];
  createForPanel(manager: EntityManager, c: CaseReviewRecord, panelId: string, checked: readonly unknown[], basis: RecordedBasis): Promise<void>;
};

/** Review panels: the CST appoints one, its chair records findings and recommendations. */
export class PanelService {
  constructor(
    private readonly loaders: { cases: CaseReviewLoaders; panels: PanelLoaders; users: UserLoaders },
    private readonly steps: CaseSteps,
    private readonly cases: CaseReviewViews,
    private readonly recommendations: PanelRecommendations,
    private readonly partnerships: PartnershipService,
  ) {}

  /**
   * Appoints the panel (round 1), or the independent secondary-review panel
   * (round 2): exactly one chair, every member a PANEL_MEMBER.
   */
  async schedule(
    actor: Actor,
    caseId: string,
    args: { meetingAt: Date; chairId: string; memberIds: readonly string[]; independentChair: boolean; expectedVersion?: number | null },
  ): Promise<CaseReview> {
    const chairId = checkId(args.chairId, 'chairId');
    const memberIds = checkIds(args.memberIds, 'memberIds');
    if (memberIds.length > MAX_MEMBERS) throw PanelErrors.TOO_MANY_MEMBERS('memberIds');
    const record = await this.steps.step(
      actor,
      caseId,
      { allowed: ALLOWED_FROM.schedulePanel, event: 'PANEL_SCHEDULED', expectedVersion: args.expectedVersion },
      async (manager, c) => {
        const secondary = c.status === CaseStatus.SECONDARY_REVIEW;
        if (secondary && !args.independentChair) throw PanelErrors.SECONDARY_NEEDS_INDEPENDENT_CHAIR('independentChair');
        await this.checkMembers(manager, c.partnershipId, chairId, memberIds);
        const panel = await manager.save(
          manager.create(PanelRecord, { caseId: c.id, round: secondary ? 2 : 1, meetingAt: args.meetingAt, independentChair: args.independentChair }),
        );
        const others = [...new Set(memberIds)].filter((id) => id !== chairId);
        await manager.insert(PanelMemberRecord, [
          { panelId: panel.id, userId: chairId, isChair: true },
          ...others.map((userId) => ({ panelId: panel.id, userId, isChair: false })),
        ]);
        this.loaders.panels.currentByCase.clear(c.id);
        this.loaders.panels.roundsByCase.clear(c.id);
        this.loaders.cases.panelCaseIds.clearAll();
        return {
          result: c,
          patch: { status: CaseStatus.PANEL_SCHEDULED },
          note: `${secondary ? 'secondary review panel' : 'panel'} meets ${args.meetingAt.toISOString()}${args.independentChair ? ', independent chair' : ''}`,
        };
      },
    );
    return this.cases.viewThrough(actor, record.id);
  }

  /** The chair records the findings and the recommendations to the partnership's agencies. */
  async recordOutcome(
    actor: Actor,
    caseId: string,
    args: { findings: string; recommendations: readonly RecommendationInput[]; reviewedAt?: Date | null; expectedVersion?: number | null },
    now = new Date(),
  ): Promise<CaseReview> {
    const findings = caseText(args.findings, 'findings', 20_000);
    const reviewedAt = args.reviewedAt ?? now;
    if (reviewedAt > now) throw CaseReviewErrors.IN_FUTURE('reviewedAt');
    const checked = this.recommendations.checkInputs(args.recommendations);
    let panel: PanelRecord | null = null;
    const record = await this.steps.step(
      actor,
      caseId,
      {
        allowed: ALLOWED_FROM.recordPanelOutcome,
        event: 'REVIEWED',
        expectedVersion: args.expectedVersion,
        authorize: async (who, c) => {
          panel = await this.loaders.panels.currentByCase.load(c.id);
          const members = panel ? await this.loaders.panels.members.load(panel.id) : [];
          return PanelPolicy.authorize(who, 'recordOutcome', members, async () => !!CaseReviewPolicy.access(who, c, await this.cases.panelCaseIds(who)));
        },
      },
      async (manager, c, basis) => {
        const current = panel!;
        await manager.update(PanelRecord, { id: current.id }, { findings, reviewedAt });
        await this.recommendations.createForPanel(manager, c, current.id, checked, basis);
        this.loaders.panels.currentByCase.clear(c.id);
        this.loaders.panels.roundsByCase.clear(c.id);
        return { result: c, patch: { status: CaseStatus.REVIEWED }, note: `${checked.length} recommendation(s)` };
      },
    );
    return this.cases.viewThrough(actor, record.id);
  }

  async forCase(view: CaseReview): Promise<Panel | null> {
    if (!CaseReviewPolicy.seesHistory(view)) return null;
    const record = await this.loaders.panels.currentByCase.load(view.id);
    return record ? panelView(record) : null;
  }

  async members(panel: Panel): Promise<PanelMember[]> {
    const members = await this.loaders.panels.members.load(panel.record.id);
    const users = await this.loaders.users.byId.loadMany(members.map((m) => m.userId));
    return members.map((m, i) => ({ user: users[i] as User, isChair: m.isChair }));
  }

  /** Every seat checked against the case's partnership (PanelPolicy.seatRefusal); the first refusal names its field. */
  private async checkMembers(manager: EntityManager, partnershipId: string, chairId: string, memberIds: readonly string[]): Promise<void> {
    const all = [chairId, ...memberIds];
    const known = await this.partnerships.seatCandidates(manager, partnershipId, all);
    all.forEach((id, i) => {
      // The chair named again among the members keeps the chair's seat (the members list drops it).
      const asChair = i === 0 || id === chairId;
      const refusal = PanelPolicy.seatRefusal(known.get(id), asChair, i === 0 ? 'chairId' : `memberIds.${i - 1}`);
      if (refusal) throw refusal;
    });
  }
}
