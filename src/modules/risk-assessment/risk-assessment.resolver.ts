import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { boundedList } from '../../common/cost';
import { actorOf, type HubContext } from '../../graphql/context';
import { CaseReview } from '../case-review/case-review.types';
import { Partnership } from '../partnership/partnership.entity';
import { User } from '../user/user.entity';
import { MAX_RISK_QUESTIONS, MAX_RISK_VERSIONS, RiskAnswer, RiskAnswerInput, RiskAssessment, RiskScheme } from './risk-assessment.types';

@Resolver(() => RiskAssessment)
export class RiskAssessmentResolver {
  @Mutation(() => CaseReview, {
    description:
      "A new version of the case's risk assessment (CST_OFFICER of the partnership, or a member of the case's panel), every question of Partnership.riskScheme answered once. Any status but CLOSED and WITHDRAWN.",
  })
  assessRisk(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('answers', () => [RiskAnswerInput]) answers: RiskAnswerInput[],
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'When given, refused with CONFLICT unless the case is at this version.' }) expectedVersion?: number | null,
  ): Promise<CaseReview> {
    return ctx.services.riskAssessments.assess(actorOf(ctx), caseId, answers, expectedVersion);
  }

  @FieldResolver(() => [RiskAnswer], { complexity: boundedList(MAX_RISK_QUESTIONS), description: 'Empty when redacted.' })
  answers(@Root() assessment: RiskAssessment, @Ctx() ctx: HubContext): RiskAnswer[] {
    return ctx.services.riskAssessments.answers(assessment);
  }

  @FieldResolver(() => User)
  assessedBy(@Root() assessment: RiskAssessment, @Ctx() ctx: HubContext): Promise<User | null> {
    return ctx.loaders.users.byId.load(assessment.record.assessedById);
  }
}

/** CaseReview.riskAssessment and its history: resolved here, where the assessments are. */
@Resolver(() => CaseReview)
export class CaseReviewRiskResolver {
  @FieldResolver(() => RiskAssessment, { nullable: true, description: 'The latest version; null until assessed, and for those who do not see the case in full.' })
  riskAssessment(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<RiskAssessment | null> {
    return ctx.services.riskAssessments.latest(view);
  }

  @FieldResolver(() => [RiskAssessment], { complexity: boundedList(MAX_RISK_VERSIONS), description: `Every version, newest first (the newest ${MAX_RISK_VERSIONS}).` })
  riskAssessments(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<RiskAssessment[]> {
    return ctx.services.riskAssessments.history(view);
  }
}

/** Partnership.riskScheme: the questions the partnership's assessments ask. */
@Resolver(() => Partnership)
export class PartnershipRiskResolver {
  @FieldResolver(() => RiskScheme, { description: "The partnership's risk assessment questions, scores and levels (DOMAIN.md's default set unless the partnership changed it)." })
  async riskScheme(@Root() partnership: Partnership, @Ctx() ctx: HubContext): Promise<RiskScheme> {
    const scheme = await ctx.services.riskAssessments.scheme(partnership.id);
    if (!scheme) throw new Error(`partnership ${partnership.id} has no risk scheme`);
    return scheme;
  }
}
