import { Max, Min } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { addWorkingDays, londonDate } from '../../common/working-days';
import type { Partnership } from './partnership.entity';

/** Defaults of DOMAIN.md ("Keeping the victim informed"): working days from receipt. */
export const DEFAULT_TIMESCALES = { acknowledgeWorkingDays: 5, thresholdDecisionWorkingDays: 10, panelWorkingDays: 20, outcomeWorkingDays: 25 } as const;
/** A year of working days: a longer target is a typing mistake, not a procedure. */
export const MAX_TIMESCALE_DAYS = 250;

@ObjectType({ description: 'Working days (England and Wales) from receipt; outcomeWorkingDays is responseWorkingDays.' })
export class Timescales {
  @Field(() => Int)
  acknowledgeWorkingDays: number;

  @Field(() => Int)
  thresholdDecisionWorkingDays: number;

  @Field(() => Int)
  panelWorkingDays: number;

  @Field(() => Int)
  outcomeWorkingDays: number;
}

@InputType()
export class TimescalesInput {
  @Field(() => Int)
  @Min(1)
  @Max(MAX_TIMESCALE_DAYS)
  acknowledgeWorkingDays: number;

  @Field(() => Int)
  @Min(1)
  @Max(MAX_TIMESCALE_DAYS)
  thresholdDecisionWorkingDays: number;

  @Field(() => Int)
  @Min(1)
  @Max(MAX_TIMESCALE_DAYS)
  panelWorkingDays: number;

  @Field(() => Int)
  @Min(1)
  @Max(MAX_TIMESCALE_DAYS)
  outcomeWorkingDays: number;
}

type TimescaleColumns = Pick<Partnership, 'acknowledgeWorkingDays' | 'thresholdDecisionWorkingDays' | 'panelWorkingDays' | 'responseWorkingDays'>;

export function timescalesOf(p: TimescaleColumns): Timescales {
  return Object.assign(new Timescales(), {
    acknowledgeWorkingDays: p.acknowledgeWorkingDays,
    thresholdDecisionWorkingDays: p.thresholdDecisionWorkingDays,
    panelWorkingDays: p.panelWorkingDays,
    outcomeWorkingDays: p.responseWorkingDays,
  });
}

/** The steps in the order a case takes them: each target must be no earlier than the one before. */
export const TIMESCALE_ORDER = ['acknowledgeWorkingDays', 'thresholdDecisionWorkingDays', 'panelWorkingDays', 'outcomeWorkingDays'] as const;

/** The due date of each step of a case received at `receivedAt` (Europe/London), by the partnership's timescales. */
export function dueDates(receivedAt: Date, timescales: Timescales): { acknowledgement: string; thresholdDecision: string; panel: string; outcome: string } {
  const received = londonDate(receivedAt);
  return {
    acknowledgement: addWorkingDays(received, timescales.acknowledgeWorkingDays),
    thresholdDecision: addWorkingDays(received, timescales.thresholdDecisionWorkingDays),
    panel: addWorkingDays(received, timescales.panelWorkingDays),
    outcome: addWorkingDays(received, timescales.outcomeWorkingDays),
  };
}
