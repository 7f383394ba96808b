import { Field, ObjectType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { Milestone } from './milestone.enums';

/** Every milestone a case can have: the bound of CaseReview.milestones. */
export const MAX_MILESTONES = Object.keys(Milestone).length;

@ObjectType({ description: 'A milestone of one case: when it is due, when it was met, and whether it is late.' })
export class MilestoneStatus {
  @Field(() => Milestone)
  milestone: Milestone;

  @Field(() => DateScalar)
  dueOn: string;

  @Field(() => DateScalar, { nullable: true })
  metOn: string | null;

  @Field(() => Boolean, { description: 'Today (Europe/London) is after dueOn, it is not met, and the case is neither closed nor withdrawn.' })
  overdue: boolean;
}

/** When the next update to the victim is due, at the frequency they asked for (VictimInvolvement.updateEveryDays). */
export type UpdateDue = { dueOn: string; overdue: boolean };
