import { Field, ObjectType } from 'type-graphql';
import { MAX_CASE_EVENTS, MAX_CASE_INCIDENTS, type CaseReview } from '../case-review/case-review.types';
import { MAX_REPORTED_INCIDENTS } from '../case-review/case-review.inputs';
import { MAX_CASE_CONTACTS } from '../contact/contact.types';
import { AsbCategory } from '../incident/asb-category';
import { MAX_CASE_INFORMATION_REQUESTS } from '../information-request/information-request.types';
import { MAX_RISK_VERSIONS } from '../risk-assessment/risk-assessment.types';

/** What a chronology entry comes from, in the order entries of the same moment are listed. */
export const CHRONOLOGY_KINDS = ['INCIDENT', 'REPORTED_INCIDENT', 'INFORMATION_RESPONSE', 'CONTACT', 'EVENT', 'RISK_ASSESSMENT'] as const;
export type ChronologyKind = (typeof CHRONOLOGY_KINDS)[number];

/** Each kind in words, as the printed pack (HTML and PDF) names it. */
export const CHRONOLOGY_KIND_LABELS: Record<ChronologyKind, string> = {
  INCIDENT: 'Agency incident',
  REPORTED_INCIDENT: "Applicant's account",
  INFORMATION_RESPONSE: "Agency's answer",
  CONTACT: 'Contact',
  EVENT: 'Case step',
  RISK_ASSESSMENT: 'Risk assessment',
};

/** Most entries a chronology has: the sum of the bounds of the lists it is made from. */
export const MAX_CHRONOLOGY = MAX_CASE_INCIDENTS + MAX_REPORTED_INCIDENTS + MAX_CASE_INFORMATION_REQUESTS + MAX_CASE_CONTACTS + MAX_CASE_EVENTS + MAX_RISK_VERSIONS;

@ObjectType({ description: 'A line of the chronology: one dated thing the panel should read, in date order.' })
export class ChronologyEntry {
  @Field()
  on: Date;

  @Field(() => String, { description: 'INCIDENT, REPORTED_INCIDENT, INFORMATION_RESPONSE, CONTACT, EVENT, RISK_ASSESSMENT' })
  kind: ChronologyKind;

  @Field({ description: 'What the entry is, without personal data (shown even when redacted): an incident\'s reference, category and report date; a step; a risk level.' })
  title: string;

  @Field(() => String, { nullable: true, description: 'Null where the caller may not see the content (redacted).' })
  text: string | null;

  @Field(() => Boolean)
  redacted: boolean;

  @Field(() => AsbCategory, { nullable: true, description: "An incident's category (kept when redacted); null for other kinds." })
  category: AsbCategory | null;

  /** Resolved as ChronologyEntry.agency: the agency whose record or act it is; null for the applicant's own account. */
  agencyId: string | null;
  /** The record it comes from (an incident's id for INCIDENT): the timeline draws one mark per INCIDENT entry. */
  sourceId: string;
}

@ObjectType({ description: 'The panel pack: the chronology across agencies, and the same pack as printable documents.' })
export class PanelPack {
  // chronology is resolved in PanelPackResolver: it is built (and its reads logged) only when asked for.

  @Field({ description: 'Path (relative to the hub\'s URL) of the pack as printable HTML with the timeline picture; needs the bearer token.' })
  htmlPath: string;

  @Field({ description: 'Path of the same pack as PDF; needs the bearer token.' })
  pdfPath: string;

  /** The case it is the pack of. */
  view: CaseReview;
}

export const packPaths = (caseId: string) => ({ htmlPath: `/documents/cases/${caseId}/pack.html`, pdfPath: `/documents/cases/${caseId}/pack.pdf` });
