import {
  DecideThresholdDocument,
  LinkIncidentsDocument,
  RecordIncidentsDocument,
  RecordPanelOutcomeDocument,
  RequestInformationDocument,
  RespondToRecommendationDocument,
  SchedulePanelDocument,
  SubmitApplicationDocument,
  WithdrawConsentDocument,
} from '../generated/graphql';
import type { Agency } from '../../src/modules/agency/agency.entity';
import { Role } from '../../src/modules/user/role';
import { buildUser, unique } from '../support/factories';
import type { TestHub } from '../support/hub';
import { addOversightOffice, application, buildWorld, victimIncident, type World } from '../support/world';

/*
 * Fixtures of the authorization matrix: one World plus a panel member of a
 * partnership agency who sits on no panel, and cases taken to a given stage.
 */

export type Person = World['cst'];

type Office = Person & { agency: { id: string } };

/**
 * A World with more people: a PANEL_MEMBER of the partnership (Clarion) appointed to
 * no panel, the OVERSIGHT users of a police and crime commissioner's office in the
 * partnership and of another in the other partnership (each office one of its agencies),
 * and DATA_PROTECTION_OFFICERs of the council (the lead agency: it holds the victim's
 * records) and of the other partnership's lead agency.
 */
export type Cast = World & { clarionPanelMember: Person; oversight: Office; otherOversight: Office; otherPartnershipId: string; dpo: Person; otherDpo: Person };

export async function buildCast(hub: TestHub): Promise<Cast> {
  const w = await buildWorld(hub);
  const user = await buildUser(hub.dataSource, { agency: w.housing2, roles: [Role.PANEL_MEMBER], displayName: 'Clarion manager' });
  const [other] = await hub.dataSource.query('SELECT id FROM partnership WHERE lead_agency_id = $1', [w.otherCst.user.agencyId]);
  const officer = async (agency: Pick<Agency, 'id'>, displayName: string): Promise<Person> => {
    const dpo = await buildUser(hub.dataSource, { agency: agency as Agency, roles: [Role.DATA_PROTECTION_OFFICER], displayName });
    return { user: dpo, token: await hub.tokenFor(dpo.email) };
  };
  return {
    ...w,
    clarionPanelMember: { user, token: await hub.tokenFor(user.email) },
    oversight: await addOversightOffice(hub, w.partnership.id),
    otherOversight: await addOversightOffice(hub, other.id, 'Other PCC office'),
    otherPartnershipId: other.id,
    dpo: await officer(w.council, 'Council data protection officer'),
    otherDpo: await officer({ id: w.otherCst.user.agencyId }, "Other partnership's data protection officer"),
  };
}

/**
 * The callers of every row. "Owning agency" and "addressed" are the housing
 * provider (it owns the incident the incident rows read, and information
 * requests and recommendations are addressed to it); the panel member on the
 * panel is the police's (another agency than the incident's owner and the
 * victim record's owner, the council); the responder nothing is addressed to
 * is the council's. The OVERSIGHT callers are the commissioner's offices of the
 * partnership and of the other partnership.
 */
export const CALLERS = [
  'no token',
  'ADMIN',
  'CST_OFFICER (partnership)',
  'CST_OFFICER (other partnership)',
  'CONTRIBUTOR (owning agency)',
  'CONTRIBUTOR (other agency)',
  'RESPONDER (addressed)',
  'RESPONDER (not addressed)',
  'PANEL_MEMBER (on panel)',
  'PANEL_MEMBER (not on panel)',
  'AUDITOR',
  'OVERSIGHT (partnership)',
  'OVERSIGHT (other partnership)',
  'DATA_PROTECTION_OFFICER (lead agency)',
  'DATA_PROTECTION_OFFICER (other partnership)',
] as const;
export type Caller = (typeof CALLERS)[number];
/** Callers only some rows need. */
export type ExtraCaller = 'PANEL_MEMBER (chair)';

export function personFor(c: Cast, caller: Caller | ExtraCaller): Person | null {
  switch (caller) {
    case 'no token':
      return null;
    case 'ADMIN':
      return c.admin;
    case 'CST_OFFICER (partnership)':
      return c.cst;
    case 'CST_OFFICER (other partnership)':
      return c.otherCst;
    case 'CONTRIBUTOR (owning agency)':
      return c.housingContributor;
    case 'CONTRIBUTOR (other agency)':
      return c.policeContributor;
    case 'RESPONDER (addressed)':
      return c.housingResponder;
    case 'RESPONDER (not addressed)':
      return c.councilResponder;
    case 'PANEL_MEMBER (on panel)':
      return c.policePanelMember;
    case 'PANEL_MEMBER (not on panel)':
      return c.clarionPanelMember;
    case 'AUDITOR':
      return c.auditor;
    case 'OVERSIGHT (partnership)':
      return c.oversight;
    case 'OVERSIGHT (other partnership)':
      return c.otherOversight;
    case 'DATA_PROTECTION_OFFICER (lead agency)':
      return c.dpo;
    case 'DATA_PROTECTION_OFFICER (other partnership)':
      return c.otherDpo;
    case 'PANEL_MEMBER (chair)':
      return c.chair;
  }
}

export type Stage = 'RECEIVED' | 'THRESHOLD_NOT_MET' | 'IN_REVIEW' | 'PANEL_SCHEDULED' | 'REVIEWED' | 'ACCEPTED';
const ORDER: Stage[] = ['RECEIVED', 'IN_REVIEW', 'PANEL_SCHEDULED', 'REVIEWED', 'ACCEPTED'];

export type CaseAt = {
  id: string;
  reference: string;
  victimId: string;
  applicantId: string;
  /** The police's record about the victim, linked. */
  kp: string;
  /** The housing provider's record about the victim, linked. */
  mh: string;
  /** From IN_REVIEW: requests to the police and to the housing provider. */
  requests: { police?: string; housing?: string };
  /** From REVIEWED: one recommendation to each (the housing one ACCEPTED at stage ACCEPTED). */
  recommendations: { police?: string; housing?: string };
};

export async function send(hub: TestHub, doc: any, variables: any, token: string): Promise<any> {
  const res = await hub.gql(doc, variables, token);
  if (res.errors) throw new Error(`fixture step failed: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/**
 * A case of the cast's partnership with the police's and the housing
 * provider's records about the victim linked, taken to `stage`. The panel is
 * the independent chair and the police panel member.
 */
export async function caseAt(hub: TestHub, c: Cast, stage: Stage, tag = unique('C')): Promise<CaseAt> {
  const [kp] = (await send(hub, RecordIncidentsDocument, { incidents: [victimIncident(`${tag}-KP`, '2026-02-10T20:00:00Z', '2026-02-10T21:00:00Z')] }, c.policeContributor.token))
    .recordIncidents.incidents;
  const [mh] = (
    await send(hub, RecordIncidentsDocument, { incidents: [victimIncident(`${tag}-MH`, '2026-02-12T20:00:00Z', '2026-02-12T21:00:00Z', 'VANDALISM')] }, c.housingContributor.token)
  ).recordIncidents.incidents;
  const submitted = (await send(hub, SubmitApplicationDocument, { input: application(c) }, c.cst.token)).submitApplication;
  const caseId: string = submitted.id;
  await send(hub, LinkIncidentsDocument, { caseId, incidentIds: [kp.id, mh.id] }, c.cst.token);
  const out: CaseAt = { id: caseId, reference: submitted.reference, victimId: submitted.victim.id, applicantId: submitted.applicant.id, kp: kp.id, mh: mh.id, requests: {}, recommendations: {} };
  if (stage === 'RECEIVED') return out;
  if (stage === 'THRESHOLD_NOT_MET') {
    await send(hub, DecideThresholdDocument, { caseId, met: false, reason: 'Two reports only', alternativeAction: 'Mediation' }, c.cst.token);
    return out;
  }
  const reached = (s: Stage) => ORDER.indexOf(stage) >= ORDER.indexOf(s);
  await send(hub, DecideThresholdDocument, { caseId, met: true, reason: 'Met' }, c.cst.token);
  for (const [key, agency] of [['police', c.police], ['housing', c.housing]] as const) {
    const { requestInformation } = await send(hub, RequestInformationDocument, { caseId, agencyId: agency.id, question: `What did ${agency.name} do?`, dueOn: '2030-03-20' }, c.cst.token);
    out.requests[key] = requestInformation.id;
  }
  if (!reached('PANEL_SCHEDULED')) return out;
  await send(
    hub,
    SchedulePanelDocument,
    { caseId, meetingAt: '2026-03-25T14:00:00Z', chairId: c.chair.user.id, memberIds: [c.policePanelMember.user.id], independentChair: true },
    c.cst.token,
  );
  if (!reached('REVIEWED')) return out;
  const { recordPanelOutcome } = await send(
    hub,
    RecordPanelOutcomeDocument,
    { caseId, findings: 'Nobody joined the reports up.', recommendations: [{ agencyId: c.police.id, text: 'Flag the address' }, { agencyId: c.housing.id, text: 'Start tenancy enforcement' }] },
    c.chair.token,
  );
  const byAgency = new Map<string, string>(recordPanelOutcome.recommendations.map((r: { id: string; agency: { id: string } }) => [r.agency.id, r.id]));
  out.recommendations = { police: byAgency.get(c.police.id), housing: byAgency.get(c.housing.id) };
  if (!reached('ACCEPTED')) return out;
  await send(hub, RespondToRecommendationDocument, { recommendationId: out.recommendations.housing, decision: 'ACCEPTED' }, c.housingResponder.token);
  return out;
}

export async function withdrawConsent(hub: TestHub, c: Cast, caseId: string): Promise<void> {
  await send(hub, WithdrawConsentDocument, { caseId, withdrawnAt: '2026-03-28T12:00:00Z' }, c.cst.token);
}

/**
 * Everything a refused step on a case could have changed, read past the
 * application (as the database owner): the case row, its links, requests,
 * answers, panels, recommendations and events.
 */
export async function caseState(hub: TestHub, caseId: string): Promise<unknown> {
  const [row] = await hub.dataSource.query(
    `SELECT c.status, c.version, c.consent_withdrawn_at, c.consent_awaiting_confirmation, c.consent_confirmed_by_id, c.outcome_sent_at, c.secondary_review_requested_at, c.threshold_met,
            (SELECT count(*)::int FROM case_incident WHERE case_id = c.id) AS links,
            (SELECT count(*)::int FROM information_request WHERE case_id = c.id) AS requests,
            (SELECT count(*)::int FROM information_request WHERE case_id = c.id AND responded_at IS NOT NULL) AS answered,
            (SELECT count(*)::int FROM panel WHERE case_id = c.id) AS panels,
            (SELECT count(*)::int FROM panel WHERE case_id = c.id AND reviewed_at IS NOT NULL) AS reviewed,
            (SELECT coalesce(array_agg(status::text ORDER BY id), '{}') FROM recommendation WHERE case_id = c.id) AS recommendations,
            (SELECT count(*)::int FROM case_event WHERE case_id = c.id) AS events
       FROM case_review c WHERE c.id = $1`,
    [caseId],
  );
  return row;
}

export async function count(hub: TestHub, sql: string, params: unknown[]): Promise<number> {
  return Number((await hub.dataSource.query(sql, params))[0].n);
}
