import type { Actor } from '../../common/actor';
import type { RequestDb } from '../../database/request-db';
import { londonDate, startOfLondonDay } from '../../common/working-days';
import type { Agency } from '../agency/agency.entity';
import type { AgencyLoaders } from '../agency/agency.loaders';
import type { CaseIncidentViews } from '../case-review/case-review.incidents';
import { consentActive, type CaseReview } from '../case-review/case-review.types';
import type { CaseReviewViews } from '../case-review/case-review.views';
import type { IncidentService } from '../incident/incident.service';
import type { Incident } from '../incident/incident.types';
import type { ContactDirection } from '../contact/contact-direction';
import { discloseContactSummary, type ContactService } from '../contact/contact.service';
import type { InformationRequestService } from '../information-request/information-request.service';
import type { PartnershipLoaders } from '../partnership/partnership.loaders';
import { disclosePerson } from '../person/person.types';
import type { RiskAssessmentService } from '../risk-assessment/risk-assessment.service';
import type { RiskAssessment } from '../risk-assessment/risk-assessment.types';
import type { UserLoaders } from '../user/user.loaders';
import { categoryLabel, layoutTimeline, type Timeline } from './panel-pack.timeline';
import { CHRONOLOGY_KINDS, type ChronologyEntry, type ChronologyKind } from './panel-pack.types';

/** The services whose fields a pack is made of: each entry is read through the same call as its GraphQL field. */
export type PackSources = {
  caseViews: CaseReviewViews;
  caseIncidents: CaseIncidentViews;
  incidents: IncidentService;
  informationRequests: InformationRequestService;
  contacts: ContactService;
  riskAssessments: RiskAssessmentService;
};

/** Everything the printed pack shows, as the caller may see it. */
export type PackContent = {
  view: CaseReview;
  partnershipName: string;
  /** Null where withheld from the caller (consent not active, or not theirs to see). */
  victimName: string | null;
  applicantName: string | null;
  consentActive: boolean;
  latestRisk: RiskAssessment | null;
  chronology: ChronologyEntry[];
  /** The picture of the chronology's incidents (drawn as SVG and in the PDF). */
  timeline: Timeline;
  agencies: ReadonlyMap<string, Agency>;
  preparedFor: { name: string; agency: string };
  preparedAt: Date;
};

const CONTACT_DIRECTIONS: Record<ContactDirection, string> = {
  TO_APPLICANT: 'To the applicant',
  FROM_APPLICANT: 'From the applicant',
  TO_VICTIM: 'To the victim',
  FROM_VICTIM: 'From the victim',
};
const kindOrder = new Map<ChronologyKind, number>(CHRONOLOGY_KINDS.map((k, i) => [k, i]));
const dateText = (at: Date) => londonDate(at);

/**
 * The panel pack (DOMAIN.md, "The panel pack and the risk assessment"): every
 * dated item of a case, oldest first, each read through the service call behind
 * its GraphQL field, so it is redacted and logged exactly as that field is.
 */
export class PanelPackService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { agencies: AgencyLoaders; partnerships: PartnershipLoaders; users: UserLoaders },
    private readonly sources: PackSources,
  ) {}

  /** The chronology of a case as this view's caller may see it; empty for those who do not see the case in full. */
  async chronology(view: CaseReview): Promise<ChronologyEntry[]> {
    if (view.access !== 'full') return [];
    const s = this.sources;
    const [incidents, accounts, requests, contacts, events, risks] = await Promise.all([
      s.caseIncidents.linkedIncidents(view),
      s.caseViews.reportedIncidents(view),
      s.informationRequests.forCase(view),
      s.contacts.forCase(view),
      s.caseViews.events(view),
      s.riskAssessments.history(view),
    ]);
    const answered = await Promise.all(requests.map(async (request) => ({ request, response: await s.informationRequests.response(request) })));
    const contactsBy = await this.loaders.users.byId.loadMany([...new Set(contacts.map((c) => c.record.byId))]);
    const userAgency = new Map(contactsBy.flatMap((u) => (u && !(u instanceof Error) ? [[u.id, u.agencyId] as const] : [])));
    const entries: ChronologyEntry[] = [
      ...(await Promise.all(incidents.map((incident) => this.incidentEntry(incident)))),
      ...accounts.map((a, i): ChronologyEntry => {
        const reportedTo = `${a.reportedToOrganisation}${a.reportedToReference ? ` (reference ${a.reportedToReference})` : ''}`;
        const text = [a.details, a.reportedToName ? `Reported to ${a.reportedToName}.` : null].filter(Boolean).join(' ');
        return entry('REPORTED_INCIDENT', startOfLondonDay(a.occurredOn), `view:${view.id}:account:${i}`, {
          title: `Applicant's account: reported to ${reportedTo}`,
          text: a.withheld ? null : text || 'No details given.',
          redacted: a.withheld === true,
        });
      }),
      ...answered.flatMap(({ request, response }) =>
        response
          ? [
              entry('INFORMATION_RESPONSE', response.respondedAt, request.id, {
                agencyId: request.record.agencyId,
                title: `Answer to the information request of ${dateText(request.requestedAt)}`,
                text: [`Asked: ${request.question}`, `Answer: ${response.summary}`, response.actionsTaken.length ? `Actions taken: ${response.actionsTaken.join('; ')}.` : null]
                  .filter(Boolean)
                  .join('\n'),
              }),
            ]
          : [],
      ),
      ...contacts.map((c) =>
        entry('CONTACT', c.at, c.id, {
          agencyId: userAgency.get(c.record.byId) ?? null,
          title: `${CONTACT_DIRECTIONS[c.direction]} by ${c.channel.toLowerCase().replace(/_/g, ' ')}${c.letter ? `: ${c.letter.toLowerCase().replace(/_/g, ' ')} letter` : ''}`,
          text: discloseContactSummary(c, this.db.accessLog),
        }),
      ),
      ...events.map((e, i) =>
        entry('EVENT', e.at, `view:${view.id}:event:${i}`, {
          agencyId: e.actor?.agencyId ?? null,
          title: e.type,
          text: [e.note, e.actor ? `(${e.actor.displayName})` : null].filter(Boolean).join(' ') || e.type,
        }),
      ),
      ...risks.map((r) => this.riskEntry(r)),
    ];
    // Oldest first; things of the same moment in the order of CHRONOLOGY_KINDS, then as their lists gave them.
    return entries
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.on.getTime() - b.e.on.getTime() || kindOrder.get(a.e.kind)! - kindOrder.get(b.e.kind)! || a.i - b.i)
      .map(({ e }) => e);
  }

  /** The whole pack for the documents: the case as `actor` may see it (NOT_FOUND as the caseReview field), with its chronology. */
  async content(actor: Actor, caseId: string, now = new Date()): Promise<PackContent> {
    const s = this.sources;
    const view = await s.caseViews.get(actor, caseId, 'caseId');
    const [partnership, victim, applicant, chronology, latestRisk, preparedBy] = await Promise.all([
      this.loaders.partnerships.byId.load(view.record.partnershipId),
      s.caseViews.person(view, 'victim'),
      s.caseViews.person(view, 'applicant'),
      this.chronology(view),
      s.riskAssessments.latest(view),
      this.loaders.users.byId.load(actor.userId),
    ]);
    const agencyIds = [...new Set([...chronology.flatMap((e) => (e.agencyId ? [e.agencyId] : [])), actor.agencyId])];
    const agencies = new Map((await this.loaders.agencies.byId.loadMany(agencyIds)).flatMap((a) => (a && !(a instanceof Error) ? [[a.id, a] as const] : [])));
    return {
      view,
      timeline: layoutTimeline(chronology, londonDate(view.receivedAt), (id) => agencies.get(id)?.name ?? 'Unknown agency'),
      partnershipName: partnership?.name ?? '',
      victimName: victim ? disclosePerson(victim, 'name', this.db.accessLog) : null,
      applicantName: applicant ? disclosePerson(applicant, 'name', this.db.accessLog) : null,
      consentActive: consentActive(view.record),
      latestRisk,
      chronology,
      agencies,
      preparedFor: { name: preparedBy?.displayName ?? '', agency: agencies.get(actor.agencyId)?.name ?? '' },
      preparedAt: now,
    };
  }

  private async incidentEntry(incident: Incident): Promise<ChronologyEntry> {
    const s = this.sources;
    const reporter = await s.incidents.reporter(incident);
    const summary = s.incidents.disclose(incident, 'summary');
    const location = s.incidents.disclose(incident, 'location');
    const reporterName = reporter ? disclosePerson(reporter, 'name', this.db.accessLog) : null;
    return entry('INCIDENT', incident.occurredAt, incident.id, {
      agencyId: incident.record.agencyId,
      category: incident.category,
      title: `Incident ${incident.reference}: ${categoryLabel(incident.category)}, reported ${dateText(incident.reportedAt)}`,
      text: incident.redacted ? null : [summary, location ? `Location: ${location}.` : null, reporterName ? `Reported by ${reporterName}.` : null].filter(Boolean).join(' '),
      redacted: incident.redacted,
    });
  }

  private riskEntry(r: RiskAssessment): ChronologyEntry {
    const answers = this.sources.riskAssessments.answers(r);
    const yes = answers.filter((a) => a.answer).map((a) => a.question);
    return entry('RISK_ASSESSMENT', r.assessedAt, r.record.id, {
      agencyId: r.record.agencyId,
      title: `Risk assessment ${r.version}: ${r.level}, score ${r.score}${r.reviewDueOn ? `, reassess by ${r.reviewDueOn}` : ''}`,
      text: r.redacted ? null : yes.length ? `Answered yes: ${yes.join(' ')}` : 'No question answered yes.',
      redacted: r.redacted,
    });
  }
}

function entry(
  kind: ChronologyKind,
  on: Date,
  sourceId: string,
  rest: { title: string; text: string | null; agencyId?: string | null; category?: ChronologyEntry['category']; redacted?: boolean },
): ChronologyEntry {
  return { kind, on, sourceId, title: rest.title, text: rest.text, agencyId: rest.agencyId ?? null, category: rest.category ?? null, redacted: rest.redacted ?? false };
}
