import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import type { AccessLogBuffer } from '../access-log/access-log.buffer';
import type { RecordedBasis } from '../access-log/lawful-basis';
import { PersonKind } from './person-kind';
import type { PersonRecord } from './person.entity';

/**
 * A Person as one caller sees it: the record, whether its personal fields are
 * redacted for them, and the case it was reached through (for the access log).
 * The personal fields are resolved in PersonResolver, which logs each disclosure.
 */
@ObjectType({
  description:
    'A data subject: victim, applicant or reporter. Personal fields are null and\nredacted is true wherever the caller may not see them (see DOMAIN.md).',
})
export class Person {
  @Field(() => ID)
  id: string;

  @Field(() => PersonKind)
  kind: PersonKind;

  @Field(() => Boolean)
  redacted: boolean;

  record: PersonRecord;
  caseId: string | null;
  /** Which personal fields the caller sees: all, the name only (a responder, while consent is active), or none. */
  visible: 'all' | 'name' | 'none';
  /** Why those fields may reach the caller (the policy's decision); null when none do. */
  basis: RecordedBasis | null;
}

export type PersonalField = 'name' | 'dateOfBirth' | 'address' | 'postcode' | 'phone' | 'email';

/**
 * One personal field of a Person as this caller may see it: null when redacted;
 * otherwise the value, and the disclosure goes to the access log with its lawful
 * basis and the case it was seen through. Every path that shows a person's
 * details (the GraphQL fields, a letter's address, a subject access export)
 * comes through here, so they log alike.
 */
export function disclosePerson(person: Person, field: PersonalField, accessLog: Pick<AccessLogBuffer, 'read'>): string | null {
  if (person.basis === null || person.visible === 'none' || (person.visible === 'name' && field !== 'name')) return null;
  const value = person.record[field];
  if (value !== null && value !== undefined) accessLog.read('Person', person.id, person.caseId, person.basis);
  return value ?? null;
}

/**
 * A Person for one caller: every personal field when a lawful basis lets them
 * reach the caller (only the name with `only: 'name'`), none without one.
 */
export function personView(record: PersonRecord, basis: RecordedBasis | null, caseId: string | null, only: 'all' | 'name' = 'all'): Person {
  const visible = basis === null ? 'none' : only;
  return Object.assign(new Person(), { id: record.id, kind: record.kind, redacted: visible !== 'all', record, caseId, visible, basis });
}

/** A Person's details as they stood in an earlier version of a record (the owning agency's history). */
@ObjectType()
export class PersonSnapshot {
  @Field(() => PersonKind)
  kind: PersonKind;

  @Field()
  name: string;

  @Field(() => DateScalar, { nullable: true })
  dateOfBirth: string | null;

  @Field(() => String, { nullable: true })
  address: string | null;

  @Field(() => String, { nullable: true })
  postcode: string | null;

  @Field(() => String, { nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true })
  email: string | null;
}
