import { boundedList } from '../../common/cost';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { actorOf, type HubContext } from '../../graphql/context';
import { PeriodKindEnum, PeriodStatistics } from './statistics.types';

@Resolver(() => PeriodStatistics)
export class StatisticsResolver {
  // 2013 to 2200 (checkedPeriods' range) is 188 years.
  @Query(() => [PeriodStatistics], {
    complexity: boundedList(200),
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
}
