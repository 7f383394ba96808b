import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { boundedList } from '../../common/cost';
import { DateScalar } from '../../common/scalars';
import { actorOf, type HubContext } from '../../graphql/context';
import { CaseReview } from '../case-review/case-review.types';
import { VictimInvolvement } from '../involvement/involvement.types';
import { MAX_OVERDUE_CASES } from './milestone.service';
import { MAX_MILESTONES, MilestoneStatus } from './milestone.types';

@Resolver(() => CaseReview)
export class CaseReviewMilestonesResolver {
  @Query(() => [CaseReview], {
    complexity: boundedList(MAX_OVERDUE_CASES),
    description: `Cases of the caller's partnerships with an overdue milestone or update (CST_OFFICER), longest overdue first, at most ${MAX_OVERDUE_CASES}.`,
  })
  overdueCases(@Arg('partnershipId', () => ID) partnershipId: string, @Ctx() ctx: HubContext): Promise<CaseReview[]> {
    return ctx.services.milestones.overdueCases(actorOf(ctx), partnershipId);
  }

  @FieldResolver(() => [MilestoneStatus], { complexity: boundedList(MAX_MILESTONES), description: 'Due and met dates of each step the applicant is promised; empty for those who see only part of the case.' })
  milestones(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<MilestoneStatus[]> {
    return ctx.services.milestones.forCase(view);
  }
}

/** When the next update the victim asked for is due: resolved here, where milestones are worked out. */
@Resolver(() => VictimInvolvement)
export class InvolvementUpdatesResolver {
  @FieldResolver(() => DateScalar, { nullable: true, description: 'When the next update is due (updateEveryDays after the last contact to the applicant or victim); null without a frequency or once the case has ended.' })
  async nextUpdateDueOn(@Root() involvement: VictimInvolvement, @Ctx() ctx: HubContext): Promise<string | null> {
    return (await ctx.services.milestones.updateFor(involvement))?.dueOn ?? null;
  }

  @FieldResolver(() => Boolean, { description: 'The next update is overdue: the case counts in overdueCases.' })
  async updateOverdue(@Root() involvement: VictimInvolvement, @Ctx() ctx: HubContext): Promise<boolean> {
    return (await ctx.services.milestones.updateFor(involvement))?.overdue ?? false;
  }
}
