import { IsEnum, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { RecordedBasis } from '../access-log/lawful-basis';
import { Channel } from '../case-review/case-review.enums';
import { LetterKind } from '../letter/letter-kind';
import { ContactDirection } from './contact-direction';
import type { ContactRecord } from './contact.entity';

/** Most contacts CaseReview.contacts answers (the newest, oldest first): a case has a few dozen. */
export const MAX_CASE_CONTACTS = 200;
/** Longest summary of a contact. */
export const MAX_CONTACT_SUMMARY = 5000;

/**
 * A contact as one caller sees it; `summary` (personal data, logged when shown)
 * and `by` are resolved in ContactResolver.
 */
@ObjectType({ description: 'A contact with the applicant or victim: a letter sent, a call, a meeting.' })
export class Contact {
  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  @Field(() => ContactDirection)
  direction: ContactDirection;

  @Field(() => Channel)
  channel: Channel;

  @Field(() => LetterKind, { nullable: true, description: "Set when the contact sent one of the hub's letters." })
  letter: LetterKind | null;

  record: ContactRecord;
  /** Why its summary may reach this caller (ContactPolicy.basis). */
  basis: RecordedBasis;
}

export function contactView(record: ContactRecord, basis: RecordedBasis): Contact {
  return Object.assign(new Contact(), { id: record.id, at: record.at, direction: record.direction, channel: record.channel, letter: record.letter, record, basis });
}

@InputType()
export class ContactInput {
  @Field(() => Date, { nullable: true, description: 'Defaults to now; not in the future, nor before the application was received.' })
  at?: Date | null;

  @Field(() => ContactDirection)
  @IsEnum(ContactDirection)
  direction: ContactDirection;

  @Field(() => Channel)
  @IsEnum(Channel)
  channel: Channel;

  @Field(() => LetterKind, { nullable: true, description: 'The letter this contact sent (TO_APPLICANT or TO_VICTIM only); the letter must be one the case can have now.' })
  @IsOptional()
  @IsEnum(LetterKind)
  letter?: LetterKind | null;

  @Field()
  @MaxLength(MAX_CONTACT_SUMMARY)
  summary: string;
}
