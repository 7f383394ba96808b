import { Field, ObjectType } from 'type-graphql';
import { User } from '../user/user.entity';
import type { PanelRecord } from './panel.entity';

/** Most members a panel has (schedulePanel refuses more): the bound of Panel.members. */
export const MAX_MEMBERS = 30;

@ObjectType()
export class PanelMember {
  @Field(() => User)
  user: User;

  @Field(() => Boolean)
  isChair: boolean;
}

/** The case's current panel (the secondary review's once there is one); members are resolved in PanelResolver. */
@ObjectType()
export class Panel {
  @Field()
  meetingAt: Date;

  @Field(() => Boolean, { description: 'True when the chair is independent of the agencies under review.' })
  independentChair: boolean;

  @Field(() => String, { nullable: true })
  findings: string | null;

  @Field(() => Date, { nullable: true })
  reviewedAt: Date | null;

  record: PanelRecord;
}

export function panelView(record: PanelRecord): Panel {
  return Object.assign(new Panel(), {
    meetingAt: record.meetingAt,
    independentChair: record.independentChair,
    findings: record.findings,
    reviewedAt: record.reviewedAt,
    record,
  });
}
