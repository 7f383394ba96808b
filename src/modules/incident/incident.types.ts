import { textCost } from '../../common/cost';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo, type TotalCount } from '../../common/pagination';
import type { RecordedBasis } from '../access-log/lawful-basis';
import { PersonSnapshot } from '../person/person.types';
import { AsbCategory } from './asb-category';
import type { IncidentRecord } from './incident.entity';

/** Longest summary an incident may have (IncidentInput), weighed by textCost in the query cost. */
export const MAX_SUMMARY_CHARS = 10_000;
/** Most incidents one recordIncidents call takes (and answers). */
export const MAX_BATCH = 1000;
/** Incident.history's page: 10 newest versions unless asked, at most 50. */
export const HISTORY_DEFAULT = 10;
export const HISTORY_MAX = 50;

/**
 * An Incident as one caller sees it: the record, whether its personal fields are
 * redacted for them, and the case it was reached through (kept for the access
 * log). summary, location, reporter, agency and history are resolved in
 * IncidentResolver.
 */
@ObjectType({ description: 'An ASB report as one agency holds it.' })
export class Incident {
  @Field(() => ID)
  id: string;

  @Field({ description: "The agency's own incident reference number; unique within the agency." })
  reference: string;

  @Field()
  occurredAt: Date;

  @Field()
  reportedAt: Date;

  @Field(() => AsbCategory)
  category: AsbCategory;

  @Field(() => Boolean)
  redacted: boolean;

  @Field(() => Int, { description: 'Starts at 1; +1 on every change by the owning agency.' })
  version: number;

  record: IncidentRecord;
  caseId: string | null;
  /**
   * Why its earlier versions may reach this caller: OWN_RECORD for the owning
   * agency, the export's basis in a subject access export; null: no history.
   */
  historyBasis: RecordedBasis | null;
  /** Why its personal fields may reach this caller (the policy's decision); null while they are redacted. */
  basis: RecordedBasis | null;
}

/** An incident for one caller: redacted exactly when no lawful basis lets its personal fields reach them. */
export function incidentView(record: IncidentRecord, opts: { basis: RecordedBasis | null; caseId: string | null; historyBasis: RecordedBasis | null }): Incident {
  return Object.assign(new Incident(), {
    redacted: opts.basis === null,
    id: record.id,
    reference: record.reference,
    occurredAt: record.occurredAt,
    reportedAt: record.reportedAt,
    category: record.category,
    version: record.version,
    record,
    ...opts,
  });
}

@ObjectType({ description: 'An earlier version of an incident, as the owning agency submitted it.' })
export class IncidentRevision {
  @Field(() => Int)
  version: number;

  @Field()
  occurredAt: Date;

  @Field()
  reportedAt: Date;

  @Field(() => AsbCategory)
  category: AsbCategory;

  @Field({ complexity: textCost(MAX_SUMMARY_CHARS) })
  summary: string;

  @Field(() => String, { nullable: true })
  location: string | null;

  @Field(() => PersonSnapshot)
  reporter: PersonSnapshot;

  @Field({ description: 'When the next version replaced it.' })
  supersededAt: Date;
}

@ObjectType()
export class RecordIncidentsPayload {
  @Field(() => Int)
  created: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int)
  unchanged: number;

  /**
   * The batch's incidents in input order; RecordIncidentsPayload.incidents loads them
   * only when the caller selects it (a system sending 1000 rows often asks only for
   * the counts).
   */
  recordedIds: readonly string[];

  /**
   * What the intake's follow-up (the prompts at a repeat report) made of this batch;
   * RecordIncidentsPayload.prompts is resolved by the review-prompt module, which
   * depends on this one and not the other way round.
   */
  followUp: unknown;
}

@ObjectType()
export class IncidentEdge {
  @Field()
  cursor: string;

  @Field(() => Incident)
  node: Incident;
}

@ObjectType()
export class IncidentConnection {
  @Field(() => [IncidentEdge])
  edges: IncidentEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  /** Counted only when selected (countWhenAsked). */
  @Field(() => Int)
  totalCount: TotalCount;
}
