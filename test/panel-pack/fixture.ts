import {
  type AsbCategory,
  AssessRiskDocument,
  DecideThresholdDocument,
  LinkIncidentsDocument,
  RecordIncidentsDocument,
  RequestInformationDocument,
  RespondToInformationRequestDocument,
  SchedulePanelDocument,
  SubmitApplicationDocument,
  WithdrawConsentDocument,
} from '../generated/graphql';
import { unique } from '../support/factories';
import type { TestHub } from '../support/hub';
import { application, victimIncident, type World } from '../support/world';

/** Every question of DOMAIN.md's default set, answered `yes` for the ids given and `no` for the rest. */
export const DEFAULT_QUESTION_IDS = ['repeat', 'hate', 'violence', 'vulnerable', 'health', 'children', 'home', 'isolated', 'targeted', 'selfharm'];
export const answersYes = (...yes: string[]) => DEFAULT_QUESTION_IDS.map((questionId) => ({ questionId, answer: yes.includes(questionId) }));

export async function send(hub: TestHub, doc: any, vars: any, token: string): Promise<any> {
  const res = await hub.gql(doc, vars, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/**
 * A case on its panel: two police and two housing records the applicant named
 * (one police record before the six months), the applicant's own account of
 * each, the housing provider's answer to an information request, a panel of the
 * independent chair and the police's panel member, and the CST's risk
 * assessment. Every piece of personal data carries a marker, so a test can look
 * for exactly what one reader may not see.
 */
export async function packCase(hub: TestHub, w: World) {
  const u = unique('PK');
  const markers = {
    victim: `Vicky Victim ${u}`,
    applicant: `Sam Applicant ${u}`,
    policeSummary: `POLICE-SUMMARY-${u}`,
    policeLocation: `POLICE-LOCATION-${u}`,
    policeReporter: `Pat Police Reporter ${u}`,
    housingSummary: `HOUSING-SUMMARY-${u}`,
    housingLocation: `HOUSING-LOCATION-${u}`,
    housingReporter: `Hal Housing Reporter ${u}`,
    account: `ACCOUNT-DETAILS-${u}`,
    officer: `OFFICER-NAME-${u}`,
    housingAnswer: `HOUSING-ANSWER-${u}`,
    contact: `CONTACT-NOTE-${u}`,
    riskAnswer: 'Has there been violence or a threat of violence?',
  };
  const refs = { p1: `P1-${u}`, p2: `P2-${u}`, h1: `H1-${u}`, h2: `H2-${u}` };
  const named = [
    { occurredOn: '2026-01-10', reportedToOrganisation: 'Kent Police', reportedToReference: refs.p1, details: `${markers.account} 1`, reportedToName: markers.officer },
    { occurredOn: '2025-08-15', reportedToOrganisation: 'Kent Police', reportedToReference: refs.p2, details: `${markers.account} 2` },
    { occurredOn: '2026-02-01', reportedToOrganisation: 'Moat Homes', reportedToReference: refs.h1, details: `${markers.account} 3` },
    { occurredOn: '2026-02-01', reportedToOrganisation: 'Moat Homes', reportedToReference: refs.h2, details: `${markers.account} 4` },
  ];
  const input = application(w, {
    applicant: { kind: 'INDIVIDUAL', name: markers.applicant, phone: '01634 000000' },
    victim: { kind: 'INDIVIDUAL', name: markers.victim, dateOfBirth: '1950-05-05', postcode: 'ME4 4TR', address: '1 Quiet Road' },
    reportedIncidents: named,
  });
  const submitted = (await send(hub, SubmitApplicationDocument, { input }, w.cst.token)).submitApplication;
  const caseId: string = submitted.id;
  /** Two records of one agency, by one reporter, each with the agency's marker summary and location. */
  const record = async (contributor: World['cst'], reporter: string, summary: string, location: string, rows: [string, string, string, AsbCategory][]) =>
    (
      await send(
        hub,
        RecordIncidentsDocument,
        {
          incidents: rows.map(([reference, occurredAt, reportedAt, category], i) => ({
            ...victimIncident(reference, occurredAt, reportedAt, category, { kind: 'INDIVIDUAL', name: reporter, postcode: 'ME1 1AA' }),
            summary: `${summary} ${i + 1}`,
            location,
          })),
        },
        contributor.token,
      )
    ).recordIncidents.incidents.map((i: { id: string }) => i.id) as string[];
  const police = await record(w.policeContributor, markers.policeReporter, markers.policeSummary, markers.policeLocation, [
    [refs.p1, '2026-01-10T20:00:00Z', '2026-01-11T09:00:00Z', 'INTIMIDATION_HARASSMENT'],
    [refs.p2, '2025-08-15T21:00:00Z', '2025-08-16T09:00:00Z', 'NOISE'],
  ]);
  const housing = await record(w.housingContributor, markers.housingReporter, markers.housingSummary, markers.housingLocation, [
    [refs.h1, '2026-02-01T19:00:00Z', '2026-02-02T09:00:00Z', 'VANDALISM'],
    [refs.h2, '2026-02-01T22:00:00Z', '2026-02-02T10:00:00Z', 'NOISE'],
  ]);
  await send(hub, LinkIncidentsDocument, { caseId, incidentIds: [...police, ...housing] }, w.cst.token);
  await send(hub, DecideThresholdDocument, { caseId, met: true, reason: 'Met on discretion' }, w.cst.token);
  const { requestInformation } = await send(hub, RequestInformationDocument, { caseId, agencyId: w.housing.id, question: 'What did you do?', dueOn: '2030-01-01' }, w.cst.token);
  await send(hub, RespondToInformationRequestDocument, { requestId: requestInformation.id, summary: markers.housingAnswer, actionsTaken: ['Visit'] }, w.housingResponder.token);
  await send(
    hub,
    SchedulePanelDocument,
    { caseId, meetingAt: '2026-03-20T10:00:00Z', chairId: w.chair.user.id, memberIds: [w.policePanelMember.user.id], independentChair: true },
    w.cst.token,
  );
  await send(
    hub,
    `mutation ($caseId: ID!, $contact: ContactInput!) { recordContact(caseId: $caseId, contact: $contact) { id } }`,
    { caseId, contact: { direction: 'FROM_VICTIM', channel: 'PHONE', summary: markers.contact } },
    w.cst.token,
  );
  await send(hub, AssessRiskDocument, { caseId, answers: answersYes('violence', 'home') }, w.cst.token);
  return { caseId, reference: submitted.reference as string, markers, police, housing };
}

export type PackCase = Awaited<ReturnType<typeof packCase>>;

export const withdraw = (hub: TestHub, w: World, caseId: string) => send(hub, WithdrawConsentDocument, { caseId }, w.cst.token);
