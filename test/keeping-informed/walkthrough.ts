import { randomUUID } from 'node:crypto';
import {
  CloseCaseDocument,
  DecideThresholdDocument,
  LinkIncidentsDocument,
  MarkOutcomeSentDocument,
  NotifyDelayDocument,
  RecordContactDocument,
  RecordIncidentsDocument,
  RecordPanelOutcomeDocument,
  RequestInformationDocument,
  RequestSecondaryReviewDocument,
  RespondToInformationRequestDocument,
  SchedulePanelDocument,
  SetVictimInvolvementDocument,
  SubmitApplicationDocument,
} from '../generated/graphql';
import type { TestHub } from '../support/hub';
import { application, type World } from '../support/world';

/**
 * Marker strings, unique per call, put into everything a letter must never
 * show: the incidents' content (summary, location, reporters, references), the
 * applicant's own account of them, the agencies' answers, the contacts, the
 * victim's statement and the victim's own details.
 */
export function markers() {
  const tag = randomUUID().slice(0, 8).toUpperCase();
  const m = (what: string) => `MARK${what}${tag}`;
  return {
    summary: m('SUMMARY'),
    location: m('LOCATION'),
    reporter: m('REPORTER'),
    policeRef: m('POLREF'),
    housingRef: m('HOUSEREF'),
    neighbourRef: m('NEIGHREF'),
    reportedDetails: m('DETAILS'),
    reportedToName: m('OFFICER'),
    responseSummary: m('RESPONSE'),
    responseAction: m('ACTION'),
    contactSummary: m('CONTACT'),
    statement: m('STATEMENT'),
    victimAddress: m('VADDRESS'),
    victimName: `Alex Victim${tag.toLowerCase()}`,
  };
}
export type Markers = ReturnType<typeof markers>;

export type Walkthrough = { caseId: string; notMetCaseId: string; reference: string };

/**
 * Two cases of a world, built through the API, between them able to have every
 * kind of letter: one taken from application through threshold met, a delay,
 * the panel, the outcome, a secondary review and its outcome, to closure; one
 * whose threshold was not met. Their incidents and everything else a letter may
 * not show carry the markers.
 */
export async function walkthrough(hub: TestHub, w: World, mk: Markers): Promise<Walkthrough> {
  const send = async (doc: any, vars: any, token = w.cst.token) => {
    const res = await hub.gql(doc, vars, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const victim = { kind: 'INDIVIDUAL' as const, name: mk.victimName, dateOfBirth: '1950-05-05', postcode: 'ME4 4TR', address: `1 ${mk.victimAddress} Road` };
  const base = application(w, {
    receivedAt: '2026-03-02T10:00:00Z',
    applicant: { kind: 'INDIVIDUAL', name: 'Sam Carer', address: '2 Letter Lane\nChatham', postcode: 'ME5 5LL', phone: '01634 000000' },
    victim,
    reportedIncidents: [
      { occurredOn: '2026-01-10', reportedToOrganisation: 'Kent Police', reportedToReference: mk.neighbourRef, reportedToName: mk.reportedToName, details: mk.reportedDetails },
    ],
  });
  const incident = (reference: string, day: string, category: string, reporter: object) => ({
    reference,
    occurredAt: `2026-02-${day}T20:00:00Z`,
    reportedAt: `2026-02-${day}T21:00:00Z`,
    category,
    summary: `${mk.summary} shouting at the door`,
    location: `${mk.location} Street`,
    reporter,
  });
  const victimAsReporter = { kind: 'INDIVIDUAL', name: mk.victimName, dateOfBirth: '1950-05-05', postcode: 'ME4 4TR' };
  const police = (await send(RecordIncidentsDocument, {
    incidents: [
      incident(mk.policeRef, '03', 'INTIMIDATION_HARASSMENT', victimAsReporter),
      // A neighbour's report that the applicant named: linked because its reference was named.
      incident(mk.neighbourRef, '05', 'NOISE', { kind: 'INDIVIDUAL', name: `${mk.reporter} Neighbour`, postcode: 'ME1 1AA' }),
    ],
  }, w.policeContributor.token)).recordIncidents.incidents;
  const housing = (await send(RecordIncidentsDocument, { incidents: [incident(mk.housingRef, '07', 'VANDALISM', victimAsReporter)] }, w.housingContributor.token)).recordIncidents.incidents;
  const ids = [...police, ...housing].map((i: { id: string }) => i.id);

  const submitted = (await send(SubmitApplicationDocument, { input: base })).submitApplication;
  const caseId: string = submitted.id;
  await send(LinkIncidentsDocument, { caseId, incidentIds: ids });
  await send(SetVictimInvolvementDocument, {
    caseId,
    involvement: { wantsToAttendPanel: false, attendance: 'STATEMENT_ONLY', statement: `${mk.statement} it has been a hard year`, updateEveryDays: 14, preferredChannel: 'POST' },
  });
  await send(RecordContactDocument, {
    caseId,
    contact: { at: '2026-03-03T09:00:00Z', direction: 'TO_APPLICANT', channel: 'POST', letter: 'ACKNOWLEDGEMENT', summary: `${mk.contactSummary} acknowledgement posted` },
  });
  await send(DecideThresholdDocument, { caseId, met: true, reason: 'Three reports in six months from two agencies' });
  const request = (await send(RequestInformationDocument, { caseId, agencyId: w.police.id, question: 'What did you do?', dueOn: '2030-03-20' })).requestInformation;
  await send(RespondToInformationRequestDocument, { requestId: request.id, summary: `${mk.responseSummary} two visits`, actionsTaken: [`${mk.responseAction} warning letter`] }, w.policeResponder.token);
  await send(NotifyDelayDocument, { caseId, reason: 'The housing provider needs more time to answer' });
  await send(SchedulePanelDocument, { caseId, meetingAt: '2026-03-25T14:00:00Z', chairId: w.chair.user.id, memberIds: [w.policePanelMember.user.id, w.housingPanelMember.user.id], independentChair: true });
  await send(RecordPanelOutcomeDocument, {
    caseId,
    findings: 'The agencies acted separately and did not join the reports up.',
    reviewedAt: '2026-03-25T16:00:00Z',
    recommendations: [
      { agencyId: w.police.id, text: 'Flag the address for repeat-victim checks', dueOn: '2026-05-01' },
      { agencyId: w.housing.id, text: 'Start tenancy enforcement' },
    ],
  }, w.chair.token);
  await send(MarkOutcomeSentDocument, { caseId, sentAt: '2026-03-27T10:00:00Z' });
  await send(RequestSecondaryReviewDocument, { caseId, reason: 'The applicant disagrees with the findings', requestedAt: '2026-04-01T10:00:00Z' });
  await send(SchedulePanelDocument, { caseId, meetingAt: '2026-04-20T14:00:00Z', chairId: w.chair.user.id, memberIds: [w.policePanelMember.user.id], independentChair: true });
  await send(RecordPanelOutcomeDocument, {
    caseId,
    findings: 'The first review was fair; one more action is needed.',
    reviewedAt: '2026-04-20T16:00:00Z',
    recommendations: [{ agencyId: w.council.id, text: 'Install noise monitoring equipment' }],
  }, w.chair.token);
  await send(MarkOutcomeSentDocument, { caseId, sentAt: '2026-04-22T10:00:00Z' });
  await send(CloseCaseDocument, { caseId, reason: 'The secondary review is the last step' });

  const notMet = (await send(SubmitApplicationDocument, { input: { ...base, receivedAt: '2026-03-04T10:00:00Z' } })).submitApplication;
  await send(LinkIncidentsDocument, { caseId: notMet.id, incidentIds: [housing[0].id] });
  await send(DecideThresholdDocument, { caseId: notMet.id, met: false, reason: 'One report only', alternativeAction: 'A neighbourhood officer will visit' });
  return { caseId, notMetCaseId: notMet.id, reference: submitted.reference };
}
