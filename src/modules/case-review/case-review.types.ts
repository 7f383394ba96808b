import { boundedList } from '../../common/cost';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo, type TotalCount } from '../../common/pagination';
import type { RecordedBasis } from '../access-log/lawful-basis';
import { DateScalar } from '../../common/scalars';
import { Incident } from '../incident/incident.types';
import { User } from '../user/user.entity';
import { ApplicantRelationship, CaseStatus, Channel } from './case-review.enums';
import type { CaseReviewRecord } from './case-review.entity';

/**
 * Most incidents one case links (issue 12): the bound of CaseReview.incidents in
 * the query cost. Real cases link a handful (the threshold is three reports in
 * six months; the benchmark's large cases 40); 200 is a case history of about
 * 2 MB at full 10,000-character summaries.
 */
export const MAX_CASE_INCIDENTS = 200;
/** Most events CaseReview.events answers: the newest, in order (steps are a few dozen in a real case). */
export const MAX_CASE_EVENTS = 200;
/** Most candidates CaseReview.candidateIncidents answers (the search's first, by its own order). */
export const MAX_CANDIDATES = 200;

/**
 * How much of a case the caller sees: 'full' for the partnership's CST and the
 * case's panel members; 'addressed' for a responder reaching it through a
 * request or recommendation to their agency (reference, status, dates, and the
 * victim's name while consent is active); 'reference' for an auditor reading
 * the access log (id, reference, status and dates: no case data); 'subject' for
 * a data protection officer's subject access export (the case's history, with
 * the subject's own records in full and everyone else's personal data withheld).
 */
export type CaseAccess = 'full' | 'addressed' | 'reference' | 'subject';

/**
 * Whose data a 'subject' view shows in full: the subject's person records and
 * the incidents they reported, and the basis that lets them out (the data
 * protection officer's duty to answer the request).
 */
export type SubjectScope = { recordIds: ReadonlySet<string>; basis: RecordedBasis };

/** A case as one caller sees it; the fields that depend on who asks are resolved in CaseReviewResolver. */
@ObjectType()
export class CaseReview {
  @Field(() => ID)
  id: string;

  @Field({ description: 'PARTNERSHIPCODE-YYYY-NNNN, numbered per partnership and year of receipt, e.g. MEDWAY-2026-0007.' })
  reference: string;

  @Field(() => CaseStatus)
  status: CaseStatus;

  // receivedAt, channel, relationship and version are resolved in CaseReviewResolver: an
  // auditor sees a case's id, reference and status only, and these cannot be null.
  receivedAt: Date;

  channel: Channel;

  relationship: ApplicantRelationship;

  @Field(() => Date, { nullable: true })
  outcomeSentAt: Date | null;

  @Field(() => Date, { nullable: true })
  secondaryReviewRequestedAt: Date | null;

  version: number;

  record: CaseReviewRecord;
  access: CaseAccess;
  /** The caller's agency: their own records are never redacted for them. */
  viewerAgencyId: string;
  /** For 'subject' access: whose records the export shows. */
  subject: SubjectScope | null;
}

export function caseView(record: CaseReviewRecord, access: CaseAccess, viewerAgencyId: string, subject: SubjectScope | null = null): CaseReview {
  return Object.assign(new CaseReview(), {
    id: record.id,
    reference: record.reference,
    status: record.status,
    receivedAt: record.receivedAt,
    channel: record.channel,
    relationship: record.relationship,
    outcomeSentAt: record.outcomeSentAt,
    secondaryReviewRequestedAt: record.secondaryReviewRequestedAt,
    version: record.version,
    record,
    access,
    viewerAgencyId,
    subject,
  });
}

/** Consent lets other agencies' records through: not withdrawn, and not awaiting a second officer's confirmation. */
export function consentActive(record: CaseReviewRecord): boolean {
  return record.consentWithdrawnAt === null && !record.consentAwaitingConfirmation;
}

@ObjectType({ description: "The victim's consent to share their information between the partnership's agencies (and, when someone applies on their behalf, to that application)." })
export class Consent {
  @Field()
  givenAt: Date;

  @Field(() => Channel, { description: 'How it was given: PHONE, POST, ONLINE ...' })
  channel: Channel;

  @Field(() => Date, { nullable: true })
  withdrawnAt: Date | null;

  @Field(() => Boolean, { description: 'Not withdrawn and not awaiting confirmation: only then do other agencies\' records reach the case.' })
  active: boolean;

  @Field(() => Boolean, {
    description: "True while a later application for a person who withdrew consent awaits a second CST officer's confirmation.",
  })
  awaitingConfirmation: boolean;

  @Field(() => Date, { nullable: true, description: 'When a second CST officer confirmed consent that awaited confirmation.' })
  confirmedAt: Date | null;

  /** Resolved by CaseReviewResolver (a User). */
  confirmedById: string | null;
}

@ObjectType({ description: 'What the applicant told us about one incident they reported.' })
export class ReportedIncident {
  @Field(() => DateScalar)
  occurredOn: string;

  @Field(() => String, { nullable: true })
  reportedToName: string | null;

  @Field()
  reportedToOrganisation: string;

  @Field(() => String, { nullable: true })
  reportedToReference: string | null;

  @Field(() => String, { nullable: true })
  details: string | null;

  /** Not a field: the name and details were withheld from the caller (the panel pack marks the entry redacted). */
  withheld?: boolean;
}

@ObjectType({ description: "Which threshold rule (if any) the linked incidents meet, counted as of the application's receipt." })
export class ThresholdSuggestion {
  @Field(() => Boolean)
  met: boolean;

  @Field(() => Int, { description: 'Qualifying reports counted under the best rule.' })
  qualifyingReports: number;

  @Field(() => Int, { nullable: true, description: '0-based index into partnership.thresholdRules of the first rule that holds; null when none holds.' })
  ruleIndex: number | null;

  @Field(() => [Incident], { complexity: boundedList(MAX_CASE_INCIDENTS), description: 'Linked incidents that qualify.' })
  qualifyingIncidents: Incident[];
}

@ObjectType()
export class ThresholdDecision {
  @Field(() => Boolean)
  met: boolean;

  @Field()
  reason: string;

  @Field(() => String, { nullable: true, description: 'When not met: what will be done about the ASB instead (told to the applicant).' })
  alternativeAction: string | null;

  @Field()
  decidedAt: Date;

  @Field(() => User)
  decidedBy: User;
}

@ObjectType()
export class CaseEvent {
  @Field()
  at: Date;

  @Field({ description: 'e.g. RECEIVED, INCIDENTS_LINKED, THRESHOLD_DECIDED, INFORMATION_REQUESTED, PANEL_SCHEDULED, REVIEWED, OUTCOME_SENT, DELAY_NOTIFIED ...' })
  type: string;

  @Field(() => User, { nullable: true })
  actor: User | null;

  @Field(() => String, { nullable: true })
  note: string | null;
}

@ObjectType()
export class CaseReviewEdge {
  @Field()
  cursor: string;

  @Field(() => CaseReview)
  node: CaseReview;
}

@ObjectType()
export class CaseReviewConnection {
  @Field(() => [CaseReviewEdge])
  edges: CaseReviewEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  /** Counted only when selected (countWhenAsked). */
  @Field(() => Int)
  totalCount: TotalCount;
}
