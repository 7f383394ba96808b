import {
  CaseKeepingInformedDocument,
  RecordContactDocument,
  SchedulePanelDocument,
  DecideThresholdDocument,
  SetVictimInvolvementDocument,
  SubmitApplicationDocument,
  WithdrawConsentDocument,
} from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { application, buildWorld, type World } from '../support/world';

/*
 * The victim's involvement (how they take part in the panel, how often they
 * hear from us) and the contacts with them: the CST records both; every refusal
 * answers its code and changes nothing.
 */
describe('the victim involvement and contacts', () => {
  let hub: TestHub;
  let w: World;
  let caseId: string;
  const snapshot = async () =>
    (await hub.dataSource.query(
      `SELECT c.version, (SELECT row_to_json(v) FROM victim_involvement v WHERE v.case_id = c.id) AS involvement,
              (SELECT count(*)::int FROM contact ct WHERE ct.case_id = c.id) AS contacts
         FROM case_review c WHERE c.id = $1`,
      [caseId],
    ))[0];
  const involve = (involvement: any, token = w.cst.token) => hub.gql(SetVictimInvolvementDocument, { caseId, involvement }, token);
  const contact = (c: any, token = w.cst.token, id = caseId) => hub.gql(RecordContactDocument, { caseId: id, contact: c }, token);
  const refusal = (res: { errors?: { extensions: { code: string; field?: string } }[] }) => ({ code: res.errors?.[0].extensions.code, field: res.errors?.[0].extensions.field });

  beforeAll(async () => {
    hub = await startTestHub();
    w = await buildWorld(hub);
    caseId = (await hub.gql(SubmitApplicationDocument, { input: application(w) }, w.cst.token)).data.submitApplication.id;
  });
  afterAll(() => hub.close());

  it('records what the victim wants, and NOT_INVITED only with the reason they are told', async () => {
    const set = await involve({ wantsToAttendPanel: true, attendance: 'ONLINE', preferredChannel: 'EMAIL', updateEveryDays: 14, statement: 'It has been a hard year' });
    expect(set.errors).toBeUndefined();
    expect(set.data.setVictimInvolvement.involvement).toMatchObject({ wantsToAttendPanel: true, attendance: 'ONLINE', preferredChannel: 'EMAIL', updateEveryDays: 14, statement: 'It has been a hard year', notInvitedReason: null });
    const before = await snapshot();
    for (const [attempt, expected] of [
      [{ wantsToAttendPanel: true, attendance: 'NOT_INVITED' }, { code: 'BAD_USER_INPUT', field: 'involvement.notInvitedReason' }],
      [{ wantsToAttendPanel: true, attendance: 'NOT_INVITED', notInvitedReason: '   ' }, { code: 'BAD_USER_INPUT', field: 'involvement.notInvitedReason' }],
      [{ wantsToAttendPanel: false, attendance: 'STATEMENT_ONLY', notInvitedReason: 'Space is limited' }, { code: 'BAD_USER_INPUT', field: 'involvement.notInvitedReason' }],
      [{ wantsToAttendPanel: false, attendance: 'IN_PERSON' }, { code: 'BAD_USER_INPUT', field: 'involvement.attendance' }],
      [{ wantsToAttendPanel: true, attendance: 'DECLINED' }, { code: 'BAD_USER_INPUT', field: 'involvement.attendance' }],
      [{ wantsToAttendPanel: true, updateEveryDays: 0 }, { code: 'BAD_USER_INPUT', field: 'involvement.updateEveryDays' }],
    ] as const) {
      expect({ attempt, ...refusal(await involve(attempt)) }).toEqual({ attempt, ...expected });
    }
    expect(refusal(await involve({ wantsToAttendPanel: true }, w.otherCst.token))).toEqual({ code: 'NOT_FOUND', field: 'caseId' });
    expect(refusal(await involve({ wantsToAttendPanel: true }, w.policeResponder.token))).toEqual({ code: 'FORBIDDEN', field: undefined });
    expect(await snapshot()).toEqual(before);

    const notInvited = await involve({ wantsToAttendPanel: true, attendance: 'NOT_INVITED', notInvitedReason: 'The panel discusses a third party\'s health' });
    expect(notInvited.data.setVictimInvolvement.involvement).toMatchObject({ attendance: 'NOT_INVITED', notInvitedReason: "The panel discusses a third party's health", statement: null });
  });

  it('records contacts on the timeline and in the events, with who made them, and refuses what cannot be so', async () => {
    const res = await contact({ at: '2026-03-03T09:00:00Z', direction: 'FROM_VICTIM', channel: 'PHONE', summary: 'The victim called to ask about progress' });
    expect(res.errors).toBeUndefined();
    expect(res.data.recordContact.contacts.at(-1)).toMatchObject({
      at: '2026-03-03T09:00:00.000Z', direction: 'FROM_VICTIM', channel: 'PHONE', letter: null, summary: 'The victim called to ask about progress', by: { id: w.cst.user.id },
    });
    const before = await snapshot();
    for (const [attempt, expected] of [
      [{ direction: 'TO_APPLICANT', channel: 'POST', letter: 'OUTCOME', summary: 'Outcome posted' }, { code: 'INVALID_STATE', field: 'contact.letter' }],
      [{ direction: 'FROM_APPLICANT', channel: 'POST', letter: 'ACKNOWLEDGEMENT', summary: 'A letter' }, { code: 'BAD_USER_INPUT', field: 'contact.direction' }],
      [{ at: '2099-01-01T00:00:00Z', direction: 'TO_VICTIM', channel: 'PHONE', summary: 'Later' }, { code: 'BAD_USER_INPUT', field: 'contact.at' }],
      [{ at: '2026-01-01T00:00:00Z', direction: 'TO_VICTIM', channel: 'PHONE', summary: 'Before' }, { code: 'BAD_USER_INPUT', field: 'contact.at' }],
      [{ direction: 'TO_VICTIM', channel: 'PHONE', summary: '  ' }, { code: 'BAD_USER_INPUT', field: 'contact.summary' }],
    ] as const) {
      expect({ attempt, ...refusal(await contact(attempt)) }).toEqual({ attempt, ...expected });
    }
    expect(refusal(await contact({ direction: 'TO_VICTIM', channel: 'PHONE', summary: 'x' }, w.otherCst.token))).toEqual({ code: 'NOT_FOUND', field: 'caseId' });
    expect(refusal(await contact({ direction: 'TO_VICTIM', channel: 'PHONE', summary: 'x' }, w.policePanelMember.token))).toEqual({ code: 'FORBIDDEN', field: undefined });
    expect(await snapshot()).toEqual(before);
  });

  it("shows a panel member the contacts and the statement while consent is active, logs each disclosure, and shows another agency's member none once it is withdrawn", async () => {
    await involve({ wantsToAttendPanel: false, attendance: 'STATEMENT_ONLY', statement: 'My statement for the panel' });
    await hub.gql(DecideThresholdDocument, { caseId, met: true, reason: 'Met' }, w.cst.token);
    const panel = await hub.gql(SchedulePanelDocument, { caseId, meetingAt: '2026-12-20T10:00:00Z', chairId: w.chair.user.id, memberIds: [w.policePanelMember.user.id], independentChair: true }, w.cst.token);
    expect(panel.errors).toBeUndefined();
    const seen = (await hub.gql(CaseKeepingInformedDocument, { id: caseId }, w.policePanelMember.token)).data.caseReview;
    expect(seen.involvement).toMatchObject({ statement: 'My statement for the panel', attendance: 'STATEMENT_ONLY' });
    expect(seen.contacts.map((c: { summary: string }) => c.summary)).toEqual(['The victim called to ask about progress']);
    const logged = await hub.dataSource.query(`SELECT entity, entity_id, case_id FROM access_log_entry WHERE actor_id = $1 AND action = 'READ' AND entity IN ('Contact', 'VictimInvolvement') ORDER BY entity`, [w.policePanelMember.user.id]);
    expect(logged).toEqual([
      { entity: 'Contact', entity_id: seen.contacts[0].id, case_id: caseId },
      { entity: 'VictimInvolvement', entity_id: caseId, case_id: caseId },
    ]);

    await hub.gql(WithdrawConsentDocument, { caseId }, w.cst.token);
    const after = (await hub.gql(CaseKeepingInformedDocument, { id: caseId }, w.policePanelMember.token)).data.caseReview;
    expect({ contacts: after.contacts, involvement: after.involvement }).toEqual({ contacts: [], involvement: null });
    // The lead agency's own CST still sees its records.
    const cst = (await hub.gql(CaseKeepingInformedDocument, { id: caseId }, w.cst.token)).data.caseReview;
    expect(cst.involvement?.statement).toBe('My statement for the panel');
    expect(cst.contacts).toHaveLength(1);
  });
});
