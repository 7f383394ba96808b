import {
  CompleteRecommendationDocument,
  LinkIncidentsDocument,
  DecideThresholdDocument,
  MarkOutcomeSentDocument,
  RecordPanelOutcomeDocument,
  RequestSecondaryReviewDocument,
  RespondToRecommendationDocument,
  SchedulePanelDocument,
  SetVictimInvolvementDocument,
  SubmitApplicationDocument,
  WithdrawApplicationDocument,
  type ApplicantRelationship,
  type Channel,
  type PanelAttendance,
} from '../generated/graphql';
import type { TestHub } from '../support/hub';
import { application, type World } from '../support/world';

/** What an agency did with a recommendation addressed to it. */
export type Answer = 'ACCEPTED' | 'DECLINED' | 'COMPLETED' | 'AWAITING';

/** A panel's outcome: one recommendation per entry, to that agency, answered so; and the outcome letter's date. */
export type Outcome = { recommendations: { to: 'police' | 'housing'; answer: Answer }[]; outcomeSentAt?: string };

/** One application and what happened to it, as a test's hand-worked table lists it. */
export type CaseScript = {
  receivedAt: string;
  channel: Channel;
  relationship: ApplicantRelationship;
  withdrawn?: boolean;
  /** How the victim takes part in the panel, as the CST records it (the victim's involvement). */
  attendance?: PanelAttendance;
  threshold?: 'met' | 'notMet';
  panel?: { independentChair: boolean; outcome?: Outcome };
  secondary?: { requestedAt: string; outcome?: Outcome };
  /** Free text the case carries everywhere it can (names, reasons, findings, recommendations). */
  text?: string;
  /** Records about the victim to link once the application is in. */
  incidentIds?: string[];
};

/**
 * Builds a case through the API, as the CST, the chair and the responders would,
 * and answers its id. Every date that matters to the figures is given (received,
 * outcome letters, secondary review); the rest happens now.
 */
export async function buildCase(hub: TestHub, w: World, script: CaseScript): Promise<string> {
  const send = async (doc: any, vars: any, token = w.cst.token) => {
    const res = await hub.gql(doc, vars, token);
    if (res.errors) throw new Error(`case step failed: ${JSON.stringify(res.errors)}`);
    return res.data;
  };
  const marker = script.text ?? 'Ordinary';
  const base = application(w, { receivedAt: script.receivedAt, consentGivenAt: script.receivedAt, channel: script.channel, relationship: script.relationship });
  const input =
    script.relationship === 'SELF'
      ? { ...base, applicant: { ...base.victim, name: `${marker} Applicant` }, victim: null }
      : { ...base, applicant: { ...base.applicant, name: `${marker} Helper` }, victim: { ...base.victim, name: `${marker} Victim` } };
  const { submitApplication } = await send(SubmitApplicationDocument, { input });
  const caseId: string = submitApplication.id;
  if (script.incidentIds?.length) await send(LinkIncidentsDocument, { caseId, incidentIds: script.incidentIds });
  if (script.attendance) {
    const wantsToAttendPanel = script.attendance === 'IN_PERSON' || script.attendance === 'ONLINE';
    await send(SetVictimInvolvementDocument, { caseId, involvement: { wantsToAttendPanel, attendance: script.attendance, statement: `${marker}: statement` } });
  }
  if (script.withdrawn) await send(WithdrawApplicationDocument, { caseId, reason: `${marker}: the applicant withdrew` });
  if (!script.threshold) return caseId;
  const met = script.threshold === 'met';
  await send(DecideThresholdDocument, { caseId, met, reason: `${marker}: decided`, ...(met ? {} : { alternativeAction: `${marker}: mediation` }) });
  const earlier = new Set<string>();
  const review = async (independentChair: boolean, outcome?: Outcome) => {
    await send(SchedulePanelDocument, { caseId, meetingAt: '2026-06-01T10:00:00Z', chairId: w.chair.user.id, memberIds: [w.policePanelMember.user.id], independentChair });
    if (!outcome) return;
    const agencies = { police: w.police.id, housing: w.housing.id };
    const { recordPanelOutcome } = await send(
      RecordPanelOutcomeDocument,
      {
        caseId,
        findings: `${marker}: findings`,
        recommendations: outcome.recommendations.map((r, i) => ({ agencyId: agencies[r.to], text: `${marker}: recommendation ${i + 1}` })),
      },
      w.chair.token,
    );
    // This panel's recommendations, in the order given: the case's list holds the first panel's too.
    const made: { id: string; agency: { id: string } }[] = recordPanelOutcome.recommendations.filter((r: { id: string }) => !earlier.has(r.id));
    made.forEach((r) => earlier.add(r.id));
    for (const [i, r] of outcome.recommendations.entries()) {
      const id = made.filter((m) => m.agency.id === agencies[r.to])[outcome.recommendations.slice(0, i).filter((o) => o.to === r.to).length].id;
      const responder = r.to === 'police' ? w.policeResponder.token : w.housingResponder.token;
      if (r.answer === 'AWAITING') continue;
      await send(RespondToRecommendationDocument, { recommendationId: id, decision: r.answer === 'DECLINED' ? 'DECLINED' : 'ACCEPTED', reason: `${marker}: reason` }, responder);
      if (r.answer === 'COMPLETED') await send(CompleteRecommendationDocument, { recommendationId: id, note: `${marker}: done` }, responder);
    }
    if (outcome.outcomeSentAt) await send(MarkOutcomeSentDocument, { caseId, sentAt: outcome.outcomeSentAt });
  };
  if (script.panel) await review(script.panel.independentChair, script.panel.outcome);
  if (script.secondary) {
    await send(RequestSecondaryReviewDocument, { caseId, reason: `${marker}: disagrees`, requestedAt: script.secondary.requestedAt });
    if (script.secondary.outcome) await review(true, script.secondary.outcome);
  }
  return caseId;
}
