import type { Actor } from '../../common/actor';
import type { HubContext } from '../../graphql/context';
import type { CaseReview } from '../case-review/case-review.types';
import { discloseContactSummary } from '../contact/contact.service';
import { discloseInvolvement } from '../involvement/involvement.service';
import { HISTORY_MAX, type Incident } from '../incident/incident.types';
import { disclosePerson, type Person, type PersonalField } from '../person/person.types';
import { MAX_DISCLOSURES_PAGE } from './data-protection.types';

/*
 * The subject access export as a PDF: made by the same service calls as the
 * GraphQL fields it shows (subjectAccessExport and its lists, Person's fields,
 * Incident.summary and .location, CaseReview's people, account, decision,
 * events, panel, recommendations and answers), so it shows exactly what they
 * show and writes the same access-log entries. Rendering is the last step
 * (subject-access.pdf.ts); subject-access.routes.ts serves it.
 */

export type ExportedPerson = { heading: string; fields: [label: string, value: string | null][] };
export type ExportedIncident = {
  agency: string;
  reference: string;
  occurredAt: Date;
  reportedAt: Date;
  category: string;
  summary: string | null;
  location: string | null;
  /** Earlier versions, newest first, as the agency first recorded them. */
  earlier: { version: number; supersededAt: Date; summary: string; location: string | null; reporter: string }[];
};
export type ExportedCase = {
  reference: string;
  status: string;
  receivedAt: Date;
  channel: string;
  relationship: string;
  roles: string[];
  people: ExportedPerson[];
  consent: string;
  account: { occurredOn: string; to: string; details: string | null }[];
  decision: string | null;
  events: { at: Date; type: string; note: string | null }[];
  linkedIncidents: string[];
  findings: string | null;
  recommendations: { agency: string; text: string; status: string }[];
  answers: { agency: string; question: string; answer: string | null }[];
  contacts: { at: Date; direction: string; channel: string; summary: string }[];
  statement: string | null;
  risk: { assessedAt: Date; level: string; score: number; yes: string[] }[];
};
export type ExportedDisclosure = { at: Date; who: string; action: string; entity: string; caseReference: string | null; basis: string };
export type SubjectAccessDocument = {
  generatedAt: Date;
  officer: string;
  records: ExportedPerson[];
  incidents: ExportedIncident[];
  cases: ExportedCase[];
  disclosures: ExportedDisclosure[];
};

const PERSON_FIELDS: [PersonalField, string][] = [
  ['name', 'Name'],
  ['dateOfBirth', 'Date of birth'],
  ['address', 'Address'],
  ['postcode', 'Postcode'],
  ['phone', 'Phone'],
  ['email', 'Email'],
];

async function agencyName(ctx: HubContext, agencyId: string): Promise<string> {
  return (await ctx.loaders.agencies.byId.load(agencyId))?.name ?? 'Unknown agency';
}

async function exportedPerson(ctx: HubContext, person: Person, heading: string): Promise<ExportedPerson> {
  const fields = PERSON_FIELDS.map(([field, label]): [string, string | null] => [label, disclosePerson(person, field, ctx.db.accessLog)]);
  const held = person.record.agencyId ? `, held by ${await agencyName(ctx, person.record.agencyId)}` : '';
  return { heading: `${heading} (${person.kind.toLowerCase()}${held})`, fields: person.redacted ? [['Details', 'withheld: another person']] : fields };
}

async function exportedIncident(ctx: HubContext, incident: Incident): Promise<ExportedIncident> {
  return {
    agency: await agencyName(ctx, incident.record.agencyId),
    reference: incident.reference,
    occurredAt: incident.occurredAt,
    reportedAt: incident.reportedAt,
    category: incident.category,
    summary: ctx.services.incidents.disclose(incident, 'summary'),
    location: ctx.services.incidents.disclose(incident, 'location'),
    earlier: (await ctx.services.incidents.history(incident, HISTORY_MAX)).map((r) => ({
      version: r.version,
      supersededAt: r.supersededAt,
      summary: r.summary,
      location: r.location,
      reporter: [r.reporter.name, r.reporter.dateOfBirth, r.reporter.address, r.reporter.postcode, r.reporter.phone, r.reporter.email].filter(Boolean).join(', '),
    })),
  };
}

async function exportedCase(ctx: HubContext, actor: Actor, view: CaseReview, subjectIds: ReadonlySet<string>): Promise<ExportedCase> {
  const { caseViews, caseIncidents, consent, panels, recommendations, informationRequests, contacts, involvement, riskAssessments } = ctx.services;
  const people: ExportedPerson[] = [];
  const roles: string[] = [];
  for (const role of ['applicant', 'victim'] as const) {
    if (role === 'victim' && view.record.victimId === view.record.applicantId) continue;
    const person = await caseViews.person(view, role);
    if (subjectIds.has(role === 'applicant' ? view.record.applicantId : view.record.victimId)) roles.push(role);
    if (person) people.push(await exportedPerson(ctx, person, role === 'applicant' ? 'Applicant' : 'Victim'));
  }
  const agreed = consent.of(view);
  const decision = await caseViews.decision(view);
  const panel = await panels.forCase(view);
  const answers = [];
  for (const request of await informationRequests.forCase(view)) {
    const response = await informationRequests.response(request);
    answers.push({
      agency: await agencyName(ctx, request.record.agencyId),
      question: request.question,
      answer: response ? [response.summary, ...response.actionsTaken].join(' / ') : null,
    });
  }
  return {
    reference: view.reference,
    status: view.status,
    receivedAt: view.receivedAt,
    channel: view.channel,
    relationship: view.relationship,
    roles,
    people,
    consent: `given ${agreed.givenAt.toISOString().slice(0, 10)}${agreed.withdrawnAt ? `, withdrawn ${agreed.withdrawnAt.toISOString().slice(0, 10)}` : ''}`,
    account: (await caseViews.reportedIncidents(view)).map((r) => ({
      occurredOn: r.occurredOn,
      to: [r.reportedToOrganisation, r.reportedToName, r.reportedToReference].filter(Boolean).join(', '),
      details: r.details,
    })),
    decision: decision ? `${decision.met ? 'met' : 'not met'}: ${decision.reason}${decision.alternativeAction ? ` (instead: ${decision.alternativeAction})` : ''}` : null,
    events: (await caseViews.events(view)).map((e) => ({ at: e.at, type: e.type, note: e.note })),
    linkedIncidents: (await caseIncidents.linkedIncidents(view)).filter((i) => !i.redacted).map((i) => i.reference),
    findings: panel?.findings ?? null,
    recommendations: await Promise.all(
      (await recommendations.forCase(view)).map(async (r) => ({ agency: await agencyName(ctx, r.record.agencyId), text: r.text, status: r.status })),
    ),
    answers,
    contacts: (await contacts.forCase(view)).map((c) => ({ at: c.at, direction: c.direction, channel: c.channel, summary: discloseContactSummary(c, ctx.db.accessLog) })),
    statement: await involvement.forCase(view).then((i) => (i ? discloseInvolvement(i, 'statement', ctx.db.accessLog) : null)),
    risk: (await riskAssessments.history(view)).map((r) => ({
      assessedAt: r.assessedAt,
      level: r.level,
      score: r.score,
      yes: riskAssessments.answers(r).filter((a) => a.answer).map((a) => a.question),
    })),
  };
}

/** The export as the PDF shows it, read through the same services as subjectAccessExport's fields, every disclosure page included. */
export async function subjectAccessDocument(ctx: HubContext, actor: Actor, personId: string, now = new Date()): Promise<SubjectAccessDocument> {
  const service = ctx.services.subjectAccess;
  const exp = await service.export(actor, personId);
  const subjectIds = new Set(exp.records.personIds);
  const records = [];
  for (const [i, person] of (await service.records(exp)).entries()) records.push(await exportedPerson(ctx, person, i === 0 ? 'Record asked for' : `Record ${i + 1}`));
  const incidents = [];
  for (const incident of await service.incidents(exp)) incidents.push(await exportedIncident(ctx, incident));
  const cases = [];
  for (const view of await service.cases(exp)) cases.push(await exportedCase(ctx, actor, view, subjectIds));
  const disclosures: ExportedDisclosure[] = [];
  for (let after: string | null = null; ; ) {
    const page = await service.disclosures(exp, MAX_DISCLOSURES_PAGE, after);
    for (const entry of page.entries) {
      const user = await ctx.loaders.users.byId.load(entry.actorId);
      const seenThrough = entry.caseId ? await ctx.services.caseViews.auditView(entry.caseId) : null;
      disclosures.push({
        at: entry.at,
        who: user ? `${user.displayName}, ${await agencyName(ctx, user.agencyId)}` : 'Unknown user',
        action: entry.action,
        entity: entry.entity,
        caseReference: seenThrough?.reference ?? null,
        basis: entry.lawfulBasis,
      });
    }
    if (!page.hasMore || page.entries.length === 0) break;
    after = page.entries[page.entries.length - 1].id;
  }
  const officer = await ctx.loaders.users.byId.load(actor.userId);
  return {
    generatedAt: now,
    officer: officer ? `${officer.displayName}, ${await agencyName(ctx, officer.agencyId)}` : '',
    records,
    incidents,
    cases,
    disclosures,
  };
}
