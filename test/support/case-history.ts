import {
  DecideThresholdDocument,
  LinkIncidentsDocument,
  RecordIncidentsDocument,
  RecordPanelOutcomeDocument,
  RequestInformationDocument,
  RespondToInformationRequestDocument,
  RespondToRecommendationDocument,
  SchedulePanelDocument,
  SubmitApplicationDocument,
} from '../generated/graphql';
import type { TestHub } from './hub';
import { application, victimIncident, type World } from './world';

/**
 * A reviewed case with `incidents` linked records (half police, half housing,
 * from several reporters), two answered information requests, a panel of
 * three and three recommendations, one answered: the panel chair's full history.
 */
export async function reviewedCase(hub: TestHub, w: World, incidents: number, tag: string): Promise<string> {
  const send = async (doc: any, vars: any, token = w.cst.token) => {
    const res = await hub.gql(doc, vars, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  // The neighbours' reports reach the case because the applicant named them (their references
  // among the reported incidents): a case links only its victim's records and those named.
  const neighbours = (prefix: string) =>
    Array.from({ length: Math.ceil(incidents / 2) }, (_, i) => i).filter((i) => i % 3 !== 0).map((i) => `${tag}-${prefix}-${i}`);
  const base = application(w);
  const named = [...neighbours('P'), ...neighbours('H')].map((reference) => ({
    occurredOn: '2026-02-01',
    reportedToOrganisation: reference.includes('-P-') ? 'Kent Police' : 'Moat Homes',
    reportedToReference: reference,
  }));
  const input = { ...base, reportedIncidents: [...base.reportedIncidents, ...named] };
  const caseId = (await send(SubmitApplicationDocument, { input })).submitApplication.id;
  const ids: string[] = [];
  for (const [contributor, prefix] of [[w.policeContributor, 'P'], [w.housingContributor, 'H']] as const) {
    const batch = Array.from({ length: Math.ceil(incidents / 2) }, (_, i) => {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const reporter = i % 3 === 0 ? undefined : { name: `Neighbour ${i % 7}`, postcode: `ME${1 + (i % 7)} 1AA` };
      return victimIncident(`${tag}-${prefix}-${i}`, `2026-02-${day}T20:00:00Z`, `2026-02-${day}T21:00:00Z`, 'NOISE', reporter);
    });
    const recorded = await send(RecordIncidentsDocument, { incidents: batch }, contributor.token);
    ids.push(...recorded.recordIncidents.incidents.map((i: { id: string }) => i.id));
  }
  await send(LinkIncidentsDocument, { caseId, incidentIds: ids.slice(0, incidents) });
  await send(DecideThresholdDocument, { caseId, met: true, reason: 'Met' });
  for (const [agency, responder] of [[w.police, w.policeResponder], [w.housing, w.housingResponder]] as const) {
    const { requestInformation } = await send(RequestInformationDocument, { caseId, agencyId: agency.id, question: 'What did you do?', dueOn: '2030-01-01' });
    await send(RespondToInformationRequestDocument, { requestId: requestInformation.id, summary: 'Visited', actionsTaken: ['Visit'] }, responder.token);
  }
  await send(SchedulePanelDocument, {
    caseId,
    meetingAt: '2026-03-20T10:00:00Z',
    chairId: w.chair.user.id,
    memberIds: [w.policePanelMember.user.id, w.housingPanelMember.user.id],
    independentChair: true,
  });
  const { recordPanelOutcome } = await send(
    RecordPanelOutcomeDocument,
    {
      caseId,
      findings: 'Findings',
      recommendations: [w.police, w.housing, w.council].map((a) => ({ agencyId: a.id, text: `For ${a.name}` })),
    },
    w.chair.token,
  );
  await send(RespondToRecommendationDocument, { recommendationId: recordPanelOutcome.recommendations[0].id, decision: 'ACCEPTED' }, w.policeResponder.token);
  return caseId;
}
