import { MarkPromptExplainedDocument, RecordIncidentsWithPromptsDocument, ReviewPromptsDocument, SetHowToApplyDocument, VictimsToldDocument } from '../generated/graphql';
import { AsbCategory } from '../../src/modules/incident/asb-category';
import { Role } from '../../src/modules/user/role';
import { buildAgency, buildPartnership, buildUser } from '../support/factories';
import { codes, startTestHub, type TestHub } from '../support/hub';
import { buildWorld } from '../support/world';
import { report, type Resident } from './report';

describe('the prompt at a repeat report', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  const record = (token: string, incidents: ReturnType<typeof report>[]) => hub.gql(RecordIncidentsWithPromptsDocument, { incidents }, token);
  const openPrompts = async (token: string) => (await hub.gql(ReviewPromptsDocument, { open: true }, token)).data.reviewPrompts;
  const promptRows = async (agencyId: string) =>
    hub.dataSource.query('SELECT id, kind::text, incident_id, explained_at FROM review_prompt WHERE agency_id = $1 ORDER BY created_at', [agencyId]);
  const resident = (name: string): Resident => ({ name: `${name} ${Math.random().toString(36).slice(2, 8)}`, dateOfBirth: '1971-05-09' });

  it('raises SECOND_REPORT at the second report within six calendar months (Europe/London dates), not a day outside', async () => {
    const w = await buildWorld(hub);
    // The police report is on 15 October, London time (00:30 BST): six calendar months back is 15 April.
    const policeAt = '2026-10-14T23:30:00Z';

    const early = resident('Edge Early');
    // 23:30 BST on 14 April: one London day before the window.
    expect((await record(w.housingContributor.token, [report(early, '2026-04-14T22:30:00Z')])).data.recordIncidents.prompts).toEqual([]);
    const outside = await record(w.policeContributor.token, [report(early, policeAt)]);
    expect(outside.errors).toBeUndefined();
    expect(outside.data.recordIncidents.prompts).toEqual([]);

    const onEdge = { ...resident('Edge On'), dateOfBirth: null, postcode: 'ME4 4TR' };
    // 00:30 BST on 15 April: the window's first day. Matched by postcode (written differently) with no date of birth.
    await record(w.housingContributor.token, [report(onEdge, '2026-04-14T23:30:00Z')]);
    const inside = await record(w.policeContributor.token, [report({ ...onEdge, postcode: 'me44tr' }, policeAt, { reference: 'KP-EDGE-1' })]);
    expect(inside.errors).toBeUndefined();
    expect(inside.data.recordIncidents.prompts).toEqual([
      expect.objectContaining({ kind: 'SECOND_REPORT', incident: { id: inside.data.recordIncidents.incidents[0].id, reference: 'KP-EDGE-1' }, partnership: { id: w.partnership.id, code: w.partnership.code }, explainedAt: null }),
    ]);
    // Only the recording agency hears of it.
    expect((await openPrompts(w.policeContributor.token)).map((p) => p.id)).toEqual([inside.data.recordIncidents.prompts[0].id]);
    expect(await openPrompts(w.housingContributor.token)).toEqual([]);
    expect(await promptRows(w.housing.id)).toEqual([]);
  });

  it('matches only people of the same name and the same date of birth or postcode, and never across partnerships', async () => {
    const w = await buildWorld(hub);
    const base = resident('Match');
    await record(w.housingContributor.token, [report({ ...base, dateOfBirth: '1980-01-01' }, '2026-09-01T10:00:00Z')]);
    await record(w.housingContributor.token, [report({ name: `${base.name}-Other`, dateOfBirth: base.dateOfBirth }, '2026-09-02T10:00:00Z')]);
    // An agency outside this partnership holds a report of the very same person.
    const stranger = await buildAgency(hub.dataSource);
    await buildPartnership(hub.dataSource, { members: [stranger] });
    const strangerUser = await buildUser(hub.dataSource, { agency: stranger, roles: [Role.CONTRIBUTOR] });
    await record(await hub.tokenFor(strangerUser.email), [report(base, '2026-09-03T10:00:00Z')]);

    const res = await record(w.policeContributor.token, [report(base, '2026-09-10T10:00:00Z')]);
    expect(res.errors).toBeUndefined();
    expect(res.data.recordIncidents.prompts).toEqual([]);
    expect(await promptRows(w.police.id)).toEqual([]);
  });

  it("raises THRESHOLD_LIKELY when the partnership's rule would hold on this report's date, counting only its categories and timely reports", async () => {
    const w = await buildWorld(hub, {
      rules: [
        { minReports: 3, windowMonths: 6, reportWithinMonths: 1, minDistinctReporters: 1, categories: [] },
        { minReports: 1, windowMonths: 6, reportWithinMonths: 1, minDistinctReporters: 1, categories: [AsbCategory.HATE] },
      ],
    });
    const hate = resident('Hate');
    const noise = resident('Noise');
    const three = resident('Three');
    const late = resident('Late');

    // One hate incident meets the partnership's second rule on its own; one noise report meets nothing.
    const single = await record(w.policeContributor.token, [report(hate, '2026-09-01T10:00:00Z', { category: 'HATE' }), report(noise, '2026-09-01T11:00:00Z')]);
    expect(single.data.recordIncidents.prompts.map((p) => [p.kind, p.incident.id])).toEqual([['THRESHOLD_LIKELY', single.data.recordIncidents.incidents[0].id]]);

    // Three timely reports in six months across two agencies.
    const first = await record(w.housingContributor.token, [report(three, '2026-07-01T10:00:00Z')]);
    expect(first.data.recordIncidents.prompts).toEqual([]);
    const second = await record(w.housingContributor.token, [report(three, '2026-08-01T10:00:00Z')]);
    expect(second.data.recordIncidents.prompts.map((p) => p.kind)).toEqual(['SECOND_REPORT']);
    const third = await record(w.policeContributor.token, [report(three, '2026-09-01T10:00:00Z')]);
    expect(third.data.recordIncidents.prompts.map((p) => p.kind)).toEqual(['THRESHOLD_LIKELY']);

    // Two reports made more than a month after their incidents do not qualify: a second report, threshold not likely.
    await record(w.housingContributor.token, [
      report(late, '2026-07-01T10:00:00Z', { occurredHoursBefore: 24 * 40 }),
      report(late, '2026-08-01T10:00:00Z', { occurredHoursBefore: 24 * 40 }),
    ]);
    const lateRes = await record(w.policeContributor.token, [report(late, '2026-09-01T10:00:00Z')]);
    expect(lateRes.data.recordIncidents.prompts.map((p) => p.kind)).toEqual(['SECOND_REPORT']);
  });

  it('keeps one open prompt per person and partnership, naming the latest report of a batch, and raises a new one after it is explained', async () => {
    const w = await buildWorld(hub);
    const who = resident('Repeat');
    const batch = [report(who, '2026-08-01T10:00:00Z', { reference: 'KP-R-1' }), report(who, '2026-08-20T10:00:00Z', { reference: 'KP-R-2' })];
    const res = await record(w.policeContributor.token, batch);
    expect(res.data.recordIncidents.prompts.map((p) => [p.kind, p.incident.reference])).toEqual([['SECOND_REPORT', 'KP-R-2']]);
    const promptId = res.data.recordIncidents.prompts[0].id;

    const again = await record(w.policeContributor.token, [report(who, '2026-08-25T10:00:00Z'), report(who, '2026-08-26T10:00:00Z')]);
    expect(again.data.recordIncidents.prompts).toEqual([]);
    expect(await promptRows(w.police.id)).toHaveLength(1);
    // The same batch again changes nothing and raises nothing.
    expect((await record(w.policeContributor.token, batch)).data.recordIncidents).toMatchObject({ unchanged: 2, prompts: [] });

    const explained = await hub.gql(MarkPromptExplainedDocument, { promptId, channel: 'PHONE' }, w.policeResponder.token);
    expect(explained.errors).toBeUndefined();
    expect(explained.data.markPromptExplained).toMatchObject({ id: promptId, explainedChannel: 'PHONE', explainedBy: { id: w.policeResponder.user.id } });
    expect(await openPrompts(w.policeContributor.token)).toEqual([]);
    expect((await hub.gql(ReviewPromptsDocument, { open: false }, w.policeContributor.token)).data.reviewPrompts.map((p) => p.id)).toEqual([promptId]);

    const next = await record(w.policeContributor.token, [report(who, '2026-09-01T10:00:00Z', { reference: 'KP-R-5' })]);
    expect(next.data.recordIncidents.prompts.map((p) => [p.kind, p.incident.reference])).toEqual([['THRESHOLD_LIKELY', 'KP-R-5']]);
    expect(await promptRows(w.police.id)).toHaveLength(2);
  });

  it('raises a prompt when an amended incident names another reporter, and not for an amended summary', async () => {
    const w = await buildWorld(hub);
    const who = resident('Amend');
    await record(w.housingContributor.token, [report(who, '2026-08-01T10:00:00Z')]);
    const original = report(resident('Someone Else'), '2026-08-10T10:00:00Z', { reference: 'KP-AM-1' });
    expect((await record(w.policeContributor.token, [original])).data.recordIncidents.prompts).toEqual([]);
    expect((await record(w.policeContributor.token, [{ ...original, summary: 'Amended text' }])).data.recordIncidents.prompts).toEqual([]);
    const amended = await record(w.policeContributor.token, [{ ...original, reporter: { ...original.reporter, name: who.name, dateOfBirth: who.dateOfBirth } }]);
    expect(amended.data.recordIncidents).toMatchObject({ updated: 1 });
    expect(amended.data.recordIncidents.prompts.map((p) => [p.kind, p.incident.reference])).toEqual([['SECOND_REPORT', 'KP-AM-1']]);
  });

  it('logs the creation as a WRITE entry and the matching as no READ', async () => {
    const w = await buildWorld(hub);
    const who = resident('Logged');
    await record(w.housingContributor.token, [report(who, '2026-08-01T10:00:00Z')]);
    const res = await record(w.policeContributor.token, [report(who, '2026-08-10T10:00:00Z')]);
    const promptId = res.data.recordIncidents.prompts[0].id;
    const entries = await hub.dataSource.query(`SELECT action, entity, entity_id FROM access_log_entry WHERE actor_id = $1 ORDER BY id`, [w.policeContributor.user.id]);
    expect(entries).toContainEqual({ action: 'WRITE', entity: 'ReviewPrompt', entity_id: promptId });
    expect(entries.filter((e: { action: string }) => e.action === 'READ')).toEqual([]);
  });

  it('closes a prompt only for its own agency, with a channel and a date neither in the future nor before the prompt', async () => {
    const w = await buildWorld(hub);
    const who = resident('Close');
    const res = await record(w.policeContributor.token, [report(who, '2026-08-01T10:00:00Z'), report(who, '2026-08-02T10:00:00Z')]);
    const prompt = res.data.recordIncidents.prompts[0];
    const stored = async () => (await hub.dataSource.query('SELECT explained_at, explained_channel::text, explained_by_id FROM review_prompt WHERE id = $1', [prompt.id]))[0];
    const unchanged = { explained_at: null, explained_channel: null, explained_by_id: null };
    const mark = (token: string, explainedAt?: string) => hub.gql(MarkPromptExplainedDocument, { promptId: prompt.id, channel: 'IN_PERSON', explainedAt }, token);

    const future = await mark(w.policeContributor.token, new Date(Date.now() + 3_600_000).toISOString());
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REVIEW_PROMPT_IN_FUTURE', field: 'explainedAt' });
    expect(await stored()).toEqual(unchanged);
    const before = await mark(w.policeContributor.token, new Date(Date.parse(prompt.createdAt) - 60_000).toISOString());
    expect(before.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REVIEW_PROMPT_BEFORE_PROMPT' });
    expect(await stored()).toEqual(unchanged);
    for (const other of [w.housingContributor, w.housingResponder, w.councilContributor]) {
      expect((await mark(other.token)).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'REVIEW_PROMPT_NOT_FOUND' });
    }
    for (const other of [w.cst, w.chair, w.auditor, w.admin]) expect(codes(await mark(other.token))).toEqual(['FORBIDDEN']);
    expect(codes(await hub.gql(ReviewPromptsDocument, { open: true }, w.cst.token))).toEqual(['FORBIDDEN']);
    const unknown = await hub.gql(MarkPromptExplainedDocument, { promptId: '00000000-0000-4000-8000-000000000000', channel: 'PHONE' }, w.policeContributor.token);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'REVIEW_PROMPT_NOT_FOUND' });
    expect(await stored()).toEqual(unchanged);

    const ok = await mark(w.policeContributor.token);
    expect(ok.errors).toBeUndefined();
    expect(await stored()).toMatchObject({ explained_channel: 'IN_PERSON', explained_by_id: w.policeContributor.user.id });
    const twice = await mark(w.policeContributor.token);
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'INVALID_STATE', reason: 'REVIEW_PROMPT_ALREADY_EXPLAINED' });
  });

  it("shows the partnership's howToApply: a default naming the online form, then the CST's own text", async () => {
    const w = await buildWorld(hub);
    const who = resident('Apply');
    const res = await record(w.policeContributor.token, [report(who, '2026-08-01T10:00:00Z'), report(who, '2026-08-02T10:00:00Z')]);
    expect(res.data.recordIncidents.prompts[0].howToApply).toContain(`/partnerships/${w.partnership.code}/apply`);

    const set = (token: string, text: string, partnershipId = w.partnership.id) => hub.gql(SetHowToApplyDocument, { partnershipId, text }, token);
    const stored = async () => (await hub.dataSource.query('SELECT how_to_apply FROM partnership WHERE id = $1', [w.partnership.id]))[0].how_to_apply;
    expect(codes(await set(w.policeContributor.token, 'x'))).toEqual(['FORBIDDEN']);
    expect(codes(await set(w.otherCst.token, 'x'))).toEqual(['NOT_FOUND']);
    const policeCst = await buildUser(hub.dataSource, { agency: w.police, roles: [Role.CST_OFFICER] });
    expect(codes(await set(await hub.tokenFor(policeCst.email), 'x'))).toEqual(['FORBIDDEN']);
    expect((await set(w.cst.token, '   ')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect((await set(w.cst.token, 'x'.repeat(2001))).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(await stored()).toBeNull();

    const text = 'Call the Community Safety Team on 01634 000000 or apply online.';
    expect((await set(w.cst.token, ` ${text} `)).data.setHowToApply.howToApply).toBe(text);
    expect((await openPrompts(w.policeContributor.token))[0].howToApply).toBe(text);
    expect((await set(w.admin.token, `${text} (admin)`)).data.setHowToApply.howToApply).toBe(`${text} (admin)`);
  });

  it('counts victims told by the date the prompt was marked explained, in the partnership\'s periods (Europe/London)', async () => {
    const w = await buildWorld(hub);
    const ids: string[] = [];
    for (const name of ['Told A', 'Told B', 'Told C']) {
      const who = resident(name);
      const res = await record(w.policeContributor.token, [report(who, '2026-08-01T10:00:00Z'), report(who, '2026-08-02T10:00:00Z')]);
      ids.push(res.data.recordIncidents.prompts[0].id);
    }
    for (const id of ids.slice(0, 2)) expect((await hub.gql(MarkPromptExplainedDocument, { promptId: id, channel: 'EMAIL' }, w.policeContributor.token)).errors).toBeUndefined();
    // Fixture: move the explained dates to either side of 1 April 2026, 00:00 BST (= 31 March 23:00 UTC).
    await hub.dataSource.query(`UPDATE review_prompt SET explained_at = $2 WHERE id = $1`, [ids[0], '2026-03-31T22:59:00Z']);
    await hub.dataSource.query(`UPDATE review_prompt SET explained_at = $2 WHERE id = $1`, [ids[1], '2026-03-31T23:01:00Z']);
    const figures = await hub.gql(VictimsToldDocument, { partnershipId: w.partnership.id, period: 'FINANCIAL_YEAR', fromYear: 2025, toYear: 2026 }, w.cst.token);
    expect(figures.data.caseReviewStatistics).toEqual([
      { label: '2025 to 2026', victimsToldAtSecondReport: 1 },
      { label: '2026 to 2027', victimsToldAtSecondReport: 1 },
    ]);
    const csv = await (await fetch(`${hub.url}/partnerships/${w.partnership.code}/statistics.csv?period=FINANCIAL_YEAR&from=2025&to=2026`)).text();
    const [header, ...lines] = csv.trim().split('\r\n');
    expect(header.split(',').at(-1)).toBe('victims_told_at_second_report');
    expect(lines.map((l) => l.split(',').at(-1))).toEqual(['1', '1']);
  });
});
