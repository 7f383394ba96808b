import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { boundedList } from '../../common/cost';
import { DateScalar } from '../../common/scalars';
import { Channel } from '../case-review/case-review.enums';

/** Every channel an application comes by, in the order of the Channel enum. */
export const CHANNELS: readonly Channel[] = Object.values(Channel);

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

@ObjectType({ description: 'Applications received by one channel.' })
export class ChannelCount {
  @Field(() => Channel)
  channel: Channel;

  @Field(() => Int)
  count: number;
}

@ObjectType({
  description:
    'The four statutory figures and what oversight bodies ask for besides. Like the four, every\n' +
    'figure counts applications RECEIVED in the period (Europe/London dates), whatever happened to\n' +
    'them later (victimsToldAtSecondReport alone counts prompts, by the date they were explained).',
})
export class PeriodReturn extends PeriodStatistics {
  @Field(() => [ChannelCount], { complexity: boundedList(CHANNELS.length), description: 'Applications by the channel they came by: every channel, in the order of Channel, zeros included.' })
  applicationsByChannel: ChannelCount[];

  @Field(() => Int, { description: 'Applications made on the victim\'s behalf (by family, a friend, a carer, a councillor, an MP, a professional, ...).' })
  onBehalfOfVictim: number;

  @Field(() => Int, { description: 'Case reviews carried out whose panel had an independent chair.' })
  independentChair: number;

  @Field(() => Int, { description: "Case reviews carried out whose victim attends the panel, in person or online (the case's involvement.attendance)." })
  victimAttended: number;

  @Field(() => Int, { description: "Recommendations made by the applications' panels (the case review's and any secondary review's)." })
  recommendationsMade: number;

  @Field(() => Int, { description: 'Of those, accepted by the agency they were addressed to (completed ones included: only an accepted one is completed).' })
  recommendationsAccepted: number;

  @Field(() => Int, { description: 'Of those, declined (with a reason) by the agency they were addressed to.' })
  recommendationsDeclined: number;

  @Field(() => Int, { description: 'Of those, completed by the agency they were addressed to.' })
  recommendationsCompleted: number;

  @Field(() => Int, { description: 'Applications whose applicant asked for a secondary review.' })
  secondaryReviewsRequested: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Median working days (England and Wales) from receipt to the outcome letter, over the case reviews carried out whose outcome was sent (the first letter, not a secondary review\'s); null when none.',
  })
  medianWorkingDaysToOutcome: number | null;
}
