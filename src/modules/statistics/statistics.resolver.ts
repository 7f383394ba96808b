import { boundedList } from '../../common/cost';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { actorOf, type HubContext } from '../../graphql/context';
import { PeriodKindEnum, PeriodReturn, PeriodStatistics } from './statistics.types';

/** A request names at most 50 periods (periodsBetween refuses more). */
const MAX_PERIODS = 50;

@Resolver(() => PeriodStatistics)
export class StatisticsResolver {
  @Query(() => [PeriodStatistics], {
    complexity: boundedList(MAX_PERIODS),
    description:
      "Public figures: any authenticated user of the partnership's agencies. No personal data. fromYear..toYear inclusive; a financial year is named by its starting year.",
  })
  caseReviewStatistics(
    @Arg('partnershipId', () => ID) partnershipId: string,
    @Arg('period', () => PeriodKindEnum) period: PeriodKindEnum,
    @Arg('fromYear', () => Int) fromYear: number,
    @Arg('toYear', () => Int) toYear: number,
    @Ctx() ctx: HubContext,
  ): Promise<PeriodStatistics[]> {
    return ctx.services.statistics.forPartnership(actorOf(ctx), partnershipId, period, fromYear, toYear);
  }

  @Query(() => [PeriodReturn], {
    complexity: boundedList(MAX_PERIODS),
    description:
      "Richer yearly figures for oversight (OVERSIGHT, CST_OFFICER, ADMIN): the partnership's police and crime commissioner's office (OVERSIGHT of a policing body among its agencies), its CST, administrators. No personal data. fromYear..toYear inclusive, at most 50 years; a financial year is named by its starting year. Published without a token at /partnerships/{code}/return.csv and return.json.",
  })
  caseReviewReturn(
    @Arg('partnershipId', () => ID) partnershipId: string,
    @Arg('period', () => PeriodKindEnum) period: PeriodKindEnum,
    @Arg('fromYear', () => Int) fromYear: number,
    @Arg('toYear', () => Int) toYear: number,
    @Ctx() ctx: HubContext,
  ): Promise<PeriodReturn[]> {
    return ctx.services.statistics.returnFor(actorOf(ctx), partnershipId, period, fromYear, toYear);
  }
}
