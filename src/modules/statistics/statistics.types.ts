import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';

export enum PeriodKindEnum {
  FINANCIAL_YEAR = 'FINANCIAL_YEAR',
  CALENDAR_YEAR = 'CALENDAR_YEAR',
}

registerEnumType(PeriodKindEnum, {
  name: 'PeriodKind',
  valuesConfig: {
    FINANCIAL_YEAR: { description: "1 April to 31 March, labelled '2022 to 2023'." },
    CALENDAR_YEAR: { description: "1 January to 31 December, labelled '2022'." },
  },
});

@ObjectType({
  description:
    'The four figures relevant bodies must publish, for applications RECEIVED in the\nperiod (Europe/London dates): every count is of applications, so\nthresholdNotMet + reviewsCarriedOut <= applicationsReceived.',
})
export class PeriodStatistics {
  @Field()
  label: string;

  @Field(() => DateScalar)
  periodStart: string;

  @Field(() => DateScalar)
  periodEnd: string;

  @Field(() => Int)
  applicationsReceived: number;

  @Field(() => Int, { description: "Applications whose threshold decision is 'not met'." })
  thresholdNotMet: number;

  @Field(() => Int, { description: 'Applications whose panel recorded its findings (status REVIEWED or later, or reviewedAt set).' })
  reviewsCarriedOut: number;

  @Field(() => Int, { description: 'Of those, the ones with at least one recommendation.' })
  reviewsWithRecommendations: number;

  @Field(() => Int, {
    description:
      'Victims told about the case review at a repeat report: prompts marked explained in the period (by their explainedAt, Europe/London), each person record once.',
  })
  victimsToldAtSecondReport: number;
}
