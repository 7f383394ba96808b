import { randomInt } from 'node:crypto';
import { Role } from '../../src/modules/user/role';
import type { Agency } from '../../src/modules/agency/agency.entity';
import { buildAgency, buildUser, unique } from '../support/factories';
import type { TestHub } from '../support/hub';
import { buildWorld, type World } from '../support/world';

/*
 * A person known to three agencies and two cases, for the subject access
 * export, erasure and the database-wide search after it. Every value of theirs
 * is made unique for the run (the test database is shared), so finding it
 * anywhere means it is theirs; two other people (a carer who applied for them,
 * a neighbour whose report the carer named) carry markers of their own that
 * must never show in the subject's export, and must survive its erasure.
 */

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const letters = (n: number) => Array.from({ length: n }, () => LETTERS[randomInt(LETTERS.length)]).join('');
const upper = (n: number) => letters(n).toUpperCase();
const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

export type Details = { name: string; dateOfBirth: string; address: string; postcode: string; phone: string; email: string };

/** Someone whose every detail is unique to this run. */
export function uniqueDetails(first: string): Details {
  const dob = new Date(Date.UTC(1925 + randomInt(70), randomInt(12), 1 + randomInt(28))).toISOString().slice(0, 10);
  return {
    name: `${first} ${cap(letters(10))}`,
    dateOfBirth: dob,
    address: `${1 + randomInt(90)} ${cap(letters(9))} Mews`,
    postcode: `Q${upper(1)}${randomInt(10)} ${randomInt(10)}${upper(2)}`,
    phone: `07700 9${String(randomInt(100000)).padStart(5, '0')}`,
    email: `${letters(12)}@example.org`,
  };
}

type Who = World['cst'];

export type Subject = {
  w: World;
  me: Details;
  carer: Details;
  neighbour: Details;
  /** Text only the subject's records hold (their incidents' summaries first, then their accounts, the CST's call to them, their statement). */
  myText: string[];
  /** Text only the third parties' records hold (the neighbour's report, the CST's call to the carer). */
  theirText: string[];
  /** DATA_PROTECTION_OFFICERs: the council's (the lead agency), the police's, another partnership's lead agency's, and one of an agency in no partnership. */
  dpo: Who;
  policeDpo: Who;
  otherDpo: Who;
  strayDpo: Who;
  /** The council's record of the subject as case 1's victim (the one exports are asked for). */
  personId: string;
  /** Every record of theirs: council x2 (one per case), police, housing. */
  personIds: string[];
  myIncidentIds: string[];
  neighbourIncidentId: string;
  caseIds: [string, string];
  caseReferences: [string, string];
  carerId: string;
};

export async function buildSubject(hub: TestHub): Promise<Subject> {
  const w = await buildWorld(hub);
  const me = uniqueDetails('Morgan');
  const carer = uniqueDetails('Carer');
  const neighbour = uniqueDetails('Neighbour');
  const tag = unique('SAR');
  const marker = (what: string) => `${what} ${cap(letters(12))}`;
  const send = async (query: string, variables: Record<string, unknown>, who: Who = w.cst) => {
    const res = await hub.gql(query, variables, who.token);
    if (res.errors) throw new Error(`fixture step failed: ${JSON.stringify(res.errors)}`);
    return res.data;
  };
  const officer = async (agency: Pick<Agency, 'id'>, name: string) => {
    const user = await buildUser(hub.dataSource, { agency: agency as Agency, roles: [Role.DATA_PROTECTION_OFFICER], displayName: name });
    return { user, token: await hub.tokenFor(user.email) };
  };
  const [otherLead] = await hub.dataSource.query('SELECT lead_agency_id AS id FROM partnership WHERE lead_agency_id = $1', [w.otherCst.user.agencyId]);

  const record = async (who: Who, incidents: unknown[]) =>
    (await send('mutation ($incidents: [IncidentInput!]!) { recordIncidents(incidents: $incidents) { incidents { id reference } } }', { incidents }, who)).recordIncidents
      .incidents as { id: string; reference: string }[];
  const reporter = (d: Details) => ({ kind: 'INDIVIDUAL', ...d });
  const summaries = { p1: marker('Police report'), p1Before: marker('First draft'), p2: marker('Police report'), h1: marker('Housing report'), n1: marker('Neighbour report') };
  const incident = (reference: string, day: string, summary: string, who: Details) => ({
    reference,
    occurredAt: `2026-02-${day}T20:00:00Z`,
    reportedAt: `2026-02-${day}T21:00:00Z`,
    category: 'NOISE',
    summary,
    location: who.address,
    reporter: reporter(who),
  });
  // P1 is recorded, then corrected: its first version (the subject's details in JSON) stays in its history.
  await record(w.policeContributor, [incident(`${tag}-P1`, '03', summaries.p1Before, me)]);
  const [p1, p2] = await record(w.policeContributor, [incident(`${tag}-P1`, '03', summaries.p1, me), incident(`${tag}-P2`, '09', summaries.p2, me)]);
  const [h1] = await record(w.housingContributor, [incident(`${tag}-H1`, '14', summaries.h1, me)]);
  const [n1] = await record(w.policeContributor, [incident(`${tag}-N1`, '16', summaries.n1, neighbour)]);

  const accounts = { first: marker('Account'), second: marker('Account') };
  const fields = 'id reference applicant { id } victim { id }';
  const first = (
    await send(`mutation ($input: ApplicationInput!) { submitApplication(input: $input) { ${fields} } }`, {
      input: {
        partnershipId: w.partnership.id,
        receivedAt: '2026-03-02T10:00:00Z',
        channel: 'PHONE',
        relationship: 'CARER',
        applicant: reporter(carer),
        victim: reporter(me),
        consentGivenAt: '2026-03-01T09:00:00Z',
        reportedIncidents: [{ occurredOn: '2026-02-16', reportedToOrganisation: 'Kent Police', reportedToReference: n1.reference, details: accounts.first }],
      },
    })
  ).submitApplication;
  const caseId = first.id as string;
  await send('mutation ($caseId: ID!, $ids: [ID!]!) { linkIncidents(caseId: $caseId, incidentIds: $ids) { id } }', { caseId, ids: [p1.id, p2.id, h1.id, n1.id] });
  // Officers write the subject's details into the case's free text too: erasure takes them out.
  await send('mutation ($caseId: ID!, $reason: String!) { decideThreshold(caseId: $caseId, met: true, reason: $reason) { id } }', {
    caseId,
    reason: `Three reports by ${me.name} of ${me.address}`,
  });
  const { requestInformation } = await send(
    'mutation ($caseId: ID!, $agencyId: ID!) { requestInformation(caseId: $caseId, agencyId: $agencyId, question: "What did you do?", dueOn: "2030-01-01") { id } }',
    { caseId, agencyId: w.police.id },
  );
  await send(
    'mutation ($id: ID!, $summary: String!, $actions: [String!]!) { respondToInformationRequest(requestId: $id, summary: $summary, actionsTaken: $actions) { id } }',
    { id: requestInformation.id, summary: `Officers visited ${me.name}`, actions: [`Called ${me.phone}`] },
    w.policeResponder,
  );
  await send(
    'mutation ($caseId: ID!, $chair: ID!, $members: [ID!]!) { schedulePanel(caseId: $caseId, meetingAt: "2026-03-20T10:00:00Z", chairId: $chair, memberIds: $members, independentChair: true) { id } }',
    { caseId, chair: w.chair.user.id, members: [w.policePanelMember.user.id] },
  );
  await send(
    'mutation ($caseId: ID!, $findings: String!, $recs: [RecommendationInput!]!) { recordPanelOutcome(caseId: $caseId, findings: $findings, recommendations: $recs) { id } }',
    { caseId, findings: `Nobody joined up ${me.name}'s reports`, recs: [{ agencyId: w.police.id, text: `Visit ${me.name} weekly` }] },
    w.chair,
  );
  // The CST's contacts with the victim and with the carer, and the victim's own statement for the panel.
  const contacts = { victim: marker('Call'), carer: marker('Carer call'), statement: marker('Statement') };
  const contact = 'mutation ($caseId: ID!, $direction: ContactDirection!, $summary: String!) { recordContact(caseId: $caseId, contact: { direction: $direction, channel: PHONE, summary: $summary }) { id } }';
  await send(contact, { caseId, direction: 'TO_VICTIM', summary: `${contacts.victim}: spoke to ${me.name}` });
  await send(contact, { caseId, direction: 'TO_APPLICANT', summary: `${contacts.carer}: spoke to ${carer.name}` });
  await send('mutation ($caseId: ID!, $statement: String!) { setVictimInvolvement(caseId: $caseId, involvement: { wantsToAttendPanel: false, statement: $statement }) { id } }', {
    caseId,
    statement: `${contacts.statement}, from ${me.name}`,
  });
  // The CST assesses the risk to the victim: health affected, isolated.
  await send('mutation ($caseId: ID!, $answers: [RiskAnswerInput!]!) { assessRisk(caseId: $caseId, answers: $answers) { id } }', {
    caseId,
    answers: ['repeat', 'hate', 'violence', 'vulnerable', 'health', 'children', 'home', 'isolated', 'targeted', 'selfharm'].map((questionId) => ({ questionId, answer: questionId === 'health' || questionId === 'isolated' })),
  });
  await send('mutation ($caseId: ID!) { markOutcomeSent(caseId: $caseId) { id } }', { caseId });
  await send('mutation ($caseId: ID!, $reason: String!) { closeCase(caseId: $caseId, reason: $reason) { id } }', { caseId, reason: `Closed; ${me.name} told by phone` });

  // The others read the case: the subject's disclosures, each on its basis.
  const history = `query ($id: ID!) { caseReview(id: $id) { victim { name dateOfBirth } applicant { name }
    reportedIncidents { details } incidents { summary location reporter { name } } informationRequests { response { summary } } } }`;
  for (const who of [w.cst, w.chair, w.policePanelMember]) await send(history, { id: caseId }, who);

  // The subject applies again themselves, then withdraws consent on that case.
  const second = (
    await send(`mutation ($input: ApplicationInput!) { submitApplication(input: $input) { ${fields} } }`, {
      input: {
        partnershipId: w.partnership.id,
        receivedAt: '2026-04-06T10:00:00Z',
        channel: 'ONLINE',
        relationship: 'SELF',
        applicant: reporter(me),
        consentGivenAt: '2026-04-06T09:00:00Z',
        reportedIncidents: [{ occurredOn: '2026-04-01', reportedToOrganisation: 'Moat Homes', details: accounts.second }],
      },
    })
  ).submitApplication;
  await send('mutation ($caseId: ID!) { withdrawConsent(caseId: $caseId) { id } }', { caseId: second.id });

  const records: { id: string }[] = await hub.dataSource.query(`SELECT id FROM person WHERE name = $1 ORDER BY created_at`, [me.name]);
  return {
    w,
    me,
    carer,
    neighbour,
    myText: [summaries.p1, summaries.p1Before, summaries.p2, summaries.h1, accounts.first, accounts.second, contacts.victim, contacts.statement],
    theirText: [summaries.n1, contacts.carer],
    dpo: await officer(w.council, 'Council data protection officer'),
    policeDpo: await officer(w.police, 'Police data protection officer'),
    otherDpo: await officer(otherLead, 'Another partnership\'s officer'),
    strayDpo: await officer(await buildAgency(hub.dataSource), 'An officer of no partnership'),
    personId: first.victim.id,
    personIds: records.map((r) => r.id),
    myIncidentIds: [p1.id, p2.id, h1.id],
    neighbourIncidentId: n1.id,
    caseIds: [caseId, second.id],
    caseReferences: [first.reference, second.reference],
    carerId: first.applicant.id,
  };
}

/** The access-log entries `actorId` wrote after entry `afterId`, as (action entity entityId caseId basis) lines, sorted. */
export async function entriesSince(hub: TestHub, actorId: string, afterId: string): Promise<string[]> {
  const rows: { line: string }[] = await hub.dataSource.query(
    `SELECT concat_ws(' ', action, entity, entity_id, coalesce(case_id::text, '-'), coalesce(lawful_basis, 'NONE')) AS line
       FROM access_log_entry WHERE actor_id = $1 AND id > $2 ORDER BY line`,
    [actorId, afterId],
  );
  return rows.map((r) => r.line);
}

/** The newest access-log entry's id (entries after it are newer). */
export async function lastEntryId(hub: TestHub): Promise<string> {
  const [{ id }] = await hub.dataSource.query('SELECT coalesce(max(id), 0)::text AS id FROM access_log_entry');
  return id;
}
