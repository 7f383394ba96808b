import { IsEnum, IsOptional, Max, MaxLength, Min } from 'class-validator';
import type { RecordedBasis } from '../access-log/lawful-basis';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Channel } from '../case-review/case-review.enums';
import type { VictimInvolvementRecord } from './involvement.entity';
import { PanelAttendance } from './panel-attendance';

/** Longest statement the victim may give the panel, and longest reason for not inviting them. */
export const MAX_STATEMENT = 20_000;
export const MAX_NOT_INVITED_REASON = 5000;
/** Longest interval between updates a victim may ask for (a year). */
export const MAX_UPDATE_EVERY_DAYS = 365;

/**
 * The victim's involvement as one caller sees it: notInvitedReason and statement
 * (personal data, logged when shown) are resolved in InvolvementResolver.
 */
@ObjectType({ description: 'What the victim wants from the review, asked at application and kept up to date.' })
export class VictimInvolvement {
  @Field(() => Channel, { nullable: true })
  preferredChannel: Channel | null;

  @Field(() => Boolean)
  wantsToAttendPanel: boolean;

  @Field(() => Int, { nullable: true, description: 'Days between updates the victim asked for; null when they did not ask.' })
  updateEveryDays: number | null;

  @Field(() => PanelAttendance, { nullable: true })
  attendance: PanelAttendance | null;

  @Field()
  updatedAt: Date;

  record: VictimInvolvementRecord;
  /** Why its personal fields (the statement, the reason for not inviting) may reach this caller (ContactPolicy.basis). */
  basis: RecordedBasis;
}

export function involvementView(record: VictimInvolvementRecord, basis: RecordedBasis): VictimInvolvement {
  return Object.assign(new VictimInvolvement(), {
    basis,
    preferredChannel: record.preferredChannel,
    wantsToAttendPanel: record.wantsToAttendPanel,
    updateEveryDays: record.updateEveryDays,
    attendance: record.attendance,
    updatedAt: record.updatedAt,
    record,
  });
}

@InputType()
export class VictimInvolvementInput {
  @Field(() => Channel, { nullable: true })
  @IsOptional()
  @IsEnum(Channel)
  preferredChannel?: Channel | null;

  @Field(() => Boolean)
  wantsToAttendPanel: boolean;

  @Field(() => Int, { nullable: true, description: `Days between updates (1 to ${MAX_UPDATE_EVERY_DAYS}); null: no regular updates asked for.` })
  @IsOptional()
  @Min(1)
  @Max(MAX_UPDATE_EVERY_DAYS)
  updateEveryDays?: number | null;

  @Field(() => PanelAttendance, { nullable: true })
  @IsOptional()
  @IsEnum(PanelAttendance)
  attendance?: PanelAttendance | null;

  @Field(() => String, { nullable: true, description: 'Required when attendance is NOT_INVITED, and only then.' })
  @IsOptional()
  @MaxLength(MAX_NOT_INVITED_REASON)
  notInvitedReason?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(MAX_STATEMENT)
  statement?: string | null;
}
