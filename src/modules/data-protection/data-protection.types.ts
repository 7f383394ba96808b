import { Field, InputType, Int, ObjectType } from 'type-graphql';
import type { SubjectRecords } from '../access-log/access-log.service';
import type { RecordedBasis } from '../access-log/lawful-basis';
import { Person } from '../person/person.types';

/** Most person records and incidents the export's lists answer (the PDF holds them all); their counts say whether there are more. */
export const MAX_EXPORT_RECORDS = 50;
export const MAX_EXPORT_INCIDENTS = 200;
/**
 * SubjectAccessExport.cases: a page of `first` cases, 2 unless asked, at most 20.
 * Each is a whole case history (its own lists are bounded at hundreds), so a page
 * of two is what one query can afford; the PDF holds them all.
 */
export const CASES_DEFAULT = 2;
export const MAX_CASES_PAGE = 20;
/** SubjectAccessExport.disclosures: a page of `first` entries, 100 unless asked, at most 1000. */
export const DISCLOSURES_DEFAULT = 100;
export const MAX_DISCLOSURES_PAGE = 1000;

/** Everything the hub holds about one person, for a subject access request; the lists are resolved in SubjectAccessResolver. */
@ObjectType({ description: 'Everything the hub holds about one person, for a subject access request.' })
export class SubjectAccessExport {
  @Field(() => Person, { description: 'The person record the export was asked for.' })
  person: Person;

  @Field({ description: 'Path of the same export as a PDF, for the caller\'s token.' })
  pdfPath: string;

  /** What the database found for the person (hub_subject_records). */
  records: SubjectRecords;
  /** The basis the export's disclosures are logged on. */
  basis: RecordedBasis;
  /** The officer's agency (the cases are viewed as theirs). */
  viewerAgencyId: string;
}

@ObjectType({ description: "How long a partnership keeps personal data before it is erased (DOMAIN.md's defaults: 6 and 6)." })
export class RetentionPolicy {
  @Field(() => Int, { description: "Years after closure (or withdrawal) after which a case's personal data is erased." })
  caseYears: number;

  @Field(() => Int, { description: "Years after reportedAt after which an unlinked incident's personal data is erased." })
  incidentYears: number;
}

@InputType()
export class RetentionPolicyInput {
  @Field(() => Int)
  caseYears: number;

  @Field(() => Int)
  incidentYears: number;
}

@ObjectType({ description: 'How many records had their personal data erased by this call (those erased before are not counted again).' })
export class ErasureResult {
  @Field(() => Int)
  persons: number;

  @Field(() => Int)
  incidents: number;

  @Field(() => Int)
  cases: number;
}
