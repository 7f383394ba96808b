import { boundedList, pageCost } from '../../common/cost';
import { MINE_DEFAULT } from '../../common/pagination';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf, type HubContext } from '../../graphql/context';
import { Agency } from '../agency/agency.entity';
import { CaseReview } from '../case-review/case-review.types';
import { User } from '../user/user.entity';
import { RecommendationDecision, RecommendationStatus } from './recommendation-status';
import { MAX_CASE_RECOMMENDATIONS, Recommendation } from './recommendation.types';

@Resolver(() => Recommendation)
export class RecommendationResolver {
  @Query(() => [Recommendation], { complexity: pageCost(MINE_DEFAULT), description: "Recommendations addressed to the caller's agency, oldest first: the `first` (at most 100)." })
  myRecommendations(
    @Ctx() ctx: HubContext,
    @Arg('status', () => RecommendationStatus, { nullable: true }) status?: RecommendationStatus | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: MINE_DEFAULT }) first?: number | null,
  ): Promise<Recommendation[]> {
    return ctx.services.recommendations.mine(actorOf(ctx), status, first ?? MINE_DEFAULT);
  }

  @Mutation(() => Recommendation, { description: 'DECLINED needs a reason. A decision can be changed until COMPLETED.' })
  respondToRecommendation(
    @Arg('recommendationId', () => ID) recommendationId: string,
    @Arg('decision', () => RecommendationDecision) decision: RecommendationDecision,
    @Ctx() ctx: HubContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ): Promise<Recommendation> {
    return ctx.services.recommendations.respond(actorOf(ctx), recommendationId, decision, reason);
  }

  @Mutation(() => Recommendation, { description: 'Only after ACCEPTED.' })
  completeRecommendation(
    @Arg('recommendationId', () => ID) recommendationId: string,
    @Ctx() ctx: HubContext,
    @Arg('note', () => String, { nullable: true }) note?: string | null,
  ): Promise<Recommendation> {
    return ctx.services.recommendations.complete(actorOf(ctx), recommendationId, note);
  }

  @FieldResolver(() => CaseReview)
  case(@Root() recommendation: Recommendation, @Ctx() ctx: HubContext): Promise<CaseReview> {
    return ctx.services.caseViews.viewThrough(actorOf(ctx), recommendation.record.caseId);
  }

  @FieldResolver(() => Agency, { description: 'The agency it is addressed to.' })
  agency(@Root() recommendation: Recommendation, @Ctx() ctx: HubContext): Promise<Agency | null> {
    return ctx.loaders.agencies.byId.load(recommendation.record.agencyId);
  }

  @FieldResolver(() => User, { nullable: true })
  respondedBy(@Root() recommendation: Recommendation, @Ctx() ctx: HubContext): Promise<User | null> | null {
    const id = recommendation.record.respondedById;
    return id ? ctx.loaders.users.byId.load(id) : null;
  }
}

/** CaseReview.recommendations: resolved here, where the recommendations are (type-graphql merges it into CaseReview). */
@Resolver(() => CaseReview)
export class CaseReviewRecommendationsResolver {
  @FieldResolver(() => [Recommendation], { complexity: boundedList(MAX_CASE_RECOMMENDATIONS) })
  recommendations(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<Recommendation[]> {
    return ctx.services.recommendations.forCase(view);
  }
}
