import { boundedList } from '../../common/cost';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf, type HubContext } from '../../graphql/context';
import { CaseReview } from '../case-review/case-review.types';
import { RecommendationInput } from './panel.inputs';
import { MAX_MEMBERS, Panel, PanelMember } from './panel.types';

@Resolver(() => Panel)
export class PanelResolver {
  @Mutation(() => CaseReview, {
    description: 'Allowed in IN_REVIEW (or SECONDARY_REVIEW, for the independent panel). Exactly one chair; every member has role PANEL_MEMBER. -> PANEL_SCHEDULED',
  })
  schedulePanel(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('meetingAt') meetingAt: Date,
    @Arg('chairId', () => ID) chairId: string,
    @Arg('memberIds', () => [ID]) memberIds: string[],
    @Arg('independentChair', () => Boolean) independentChair: boolean,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<CaseReview> {
    return ctx.services.panels.schedule(actorOf(ctx), caseId, { meetingAt, chairId, memberIds, independentChair, expectedVersion });
  }

  @Mutation(() => CaseReview, { description: "The panel's chair, in PANEL_SCHEDULED. -> REVIEWED" })
  recordPanelOutcome(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('findings') findings: string,
    @Arg('recommendations', () => [RecommendationInput]) recommendations: RecommendationInput[],
    @Ctx() ctx: HubContext,
    @Arg('reviewedAt', () => Date, { nullable: true }) reviewedAt?: Date | null,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<CaseReview> {
    return ctx.services.panels.recordOutcome(actorOf(ctx), caseId, { findings, recommendations, reviewedAt, expectedVersion });
  }

  @FieldResolver(() => [PanelMember], { complexity: boundedList(MAX_MEMBERS) })
  members(@Root() panel: Panel, @Ctx() ctx: HubContext): Promise<PanelMember[]> {
    return ctx.services.panels.members(panel);
  }
}

/** CaseReview.panel: resolved here, where the panels are (type-graphql merges it into CaseReview). */
@Resolver(() => CaseReview)
export class CaseReviewPanelResolver {
  @FieldResolver(() => Panel, { nullable: true })
  panel(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<Panel | null> {
    return ctx.services.panels.forCase(view);
  }
}
