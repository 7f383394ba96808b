import type { DataSource } from 'typeorm';
import { codes, startTestHub, type TestHub } from '../support/hub';
import { buildSubject, entriesSince, lastEntryId, type Subject } from './subject';

/*
 * Erasure of the person known to three agencies and two cases (DOMAIN.md,
 * "Data protection"): afterwards no text of theirs is anywhere in the
 * database (every text, array and JSON column of every table, found from
 * information_schema, searched for each of their values), the access log is
 * untouched and still verifies, and the published figures are the same.
 */

/** Every text-like column of every table, in every schema the hub's database has (graphile_worker's included), and the date columns (a date of birth). */
async function textColumns(ds: DataSource): Promise<{ table_schema: string; table_name: string; column_name: string }[]> {
  return ds.query(`
    SELECT c.table_schema, c.table_name, c.column_name
      FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
       AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'xml', 'date')
            OR (c.data_type = 'ARRAY' AND c.udt_name IN ('_text', '_varchar', '_json', '_jsonb')))
     ORDER BY 1, 2, 3`);
}

/** Where each value is found, as `table.column` (case-insensitive, anywhere in the column's text). */
async function whereFound(ds: DataSource, values: readonly string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = Object.fromEntries(values.map((v) => [v, []]));
  for (const { table_schema, table_name, column_name } of await textColumns(ds)) {
    const rows: { v: string }[] = await ds
      .query(
        `SELECT v FROM unnest($1::text[]) v WHERE EXISTS (SELECT 1 FROM "${table_schema}"."${table_name}" t WHERE strpos(lower(t."${column_name}"::text), lower(v)) > 0)`,
        [values],
      )
      // Other suites share the database: a table of theirs dropped since the list was read (42P01) holds nothing any more.
      .catch((error: { code?: string }) => (error.code === '42P01' ? [] : Promise.reject(error)));
    for (const { v } of rows) found[v].push(`${table_name}.${column_name}`);
  }
  return found;
}

const STATISTICS = `query ($p: ID!) {
  a: caseReviewStatistics(partnershipId: $p, period: FINANCIAL_YEAR, fromYear: 2024, toYear: 2026) { label applicationsReceived thresholdNotMet reviewsCarriedOut reviewsWithRecommendations }
  b: caseReviewStatistics(partnershipId: $p, period: CALENDAR_YEAR, fromYear: 2025, toYear: 2026) { label applicationsReceived thresholdNotMet reviewsCarriedOut reviewsWithRecommendations victimsToldAtSecondReport }
  c: caseReviewReturn(partnershipId: $p, period: CALENDAR_YEAR, fromYear: 2026, toYear: 2026) {
    label applicationsReceived applicationsByChannel { channel count } onBehalfOfVictim independentChair victimAttended recommendationsMade
    recommendationsAccepted recommendationsDeclined recommendationsCompleted secondaryReviewsRequested medianWorkingDaysToOutcome victimsToldAtSecondReport
  }
}`;
const ERASE = 'mutation ($p: ID!, $reason: String!) { erasePerson(personId: $p, reason: $reason) { persons incidents cases } }';
const VERIFY = 'query { verifyAccessLog { ok checked firstBrokenId } }';

describe('erasing a person', () => {
  let hub: TestHub;
  let s: Subject;
  let values: string[];

  beforeAll(async () => {
    hub = await startTestHub();
    s = await buildSubject(hub);
    const { name, dateOfBirth, address, postcode, phone, email } = s.me;
    // Their details (the name also as its match key, the postcode also without its space), and the text only their records hold.
    values = [name, dateOfBirth, address, postcode, postcode.replace(' ', ''), phone, email, ...s.myText];
  });
  afterAll(() => hub.close());

  /** What a refused or repeated erasure must leave as it was: the person's rows and the ledger. */
  const state = async () =>
    hub.dataSource.query(
      `SELECT (SELECT array_agg(name ORDER BY id) FROM person WHERE id = ANY ($1::uuid[])) AS names,
              (SELECT array_agg(summary ORDER BY id) FROM incident WHERE reporter_id = ANY ($1::uuid[])) AS summaries,
              (SELECT count(*)::int FROM erasure WHERE entity_id = ANY ($1::uuid[])) AS ledger,
              (SELECT count(*)::int FROM access_log_entry WHERE action = 'WRITE' AND entity_id = ANY ($1::uuid[] || $2::uuid[] || $3::uuid[])) AS writes`,
      [s.personIds, s.myIncidentIds, s.caseIds],
    );

  it('is refused, changing nothing, to every role but a data protection officer, and beyond the officer\'s reach', async () => {
    const before = await state();
    for (const who of [s.w.cst, s.w.admin, s.w.auditor, s.w.policeContributor]) expect(codes(await hub.gql(ERASE, { p: s.personId, reason: 'Request' }, who.token))).toEqual(['FORBIDDEN']);
    for (const who of [s.otherDpo, s.strayDpo]) expect(codes(await hub.gql(ERASE, { p: s.personId, reason: 'Request' }, who.token))).toEqual(['NOT_FOUND']);
    const blank = await hub.gql(ERASE, { p: s.personId, reason: '  ' }, s.dpo.token);
    expect(codes(blank)).toEqual(['BAD_USER_INPUT']);
    expect(blank.errors![0].extensions.field).toBe('reason');
    expect(codes(await hub.gql(ERASE, { p: 'nope', reason: 'Request' }, s.dpo.token))).toEqual(['BAD_USER_INPUT']);
    expect(await state()).toEqual(before);
  });

  it('leaves no text of theirs anywhere in the database, keeps the others, the figures and a log that verifies', async () => {
    // The search finds every value before (it searches where the data is), in several tables.
    const before = await whereFound(hub.dataSource, values);
    for (const v of values) expect({ v, where: before[v] }).toEqual({ v, where: expect.arrayContaining([expect.any(String)]) });
    expect([...new Set(Object.values(before).flat())]).toEqual(
      expect.arrayContaining(['person.name', 'person.address', 'incident.summary', 'incident_revision.content', 'case_review.reported_incidents', 'case_review.threshold_reason', 'case_event.note', 'information_request.response_summary', 'information_request.response_actions', 'panel.findings', 'recommendation.text', 'consent_withdrawal.name_key', 'contact.summary', 'victim_involvement.statement']),
    );
    const figures = await hub.gql(STATISTICS, { p: s.w.partnership.id }, s.w.cst.token);
    expect(figures.errors).toBeUndefined();
    expect(figures.data.c[0]).toMatchObject({ applicationsReceived: 2, onBehalfOfVictim: 1, recommendationsMade: 1 });
    const [{ entries }] = await hub.dataSource.query('SELECT count(*)::int AS entries FROM access_log');
    const mark = await lastEntryId(hub);

    const res = await hub.gql(ERASE, { p: s.personId, reason: `Erasure request of 3 May, from ${s.me.name}` }, s.dpo.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.erasePerson).toEqual({ persons: 4, incidents: 3, cases: 2 });

    expect(await whereFound(hub.dataSource, values)).toEqual(Object.fromEntries(values.map((v) => [v, []])));
    // The carer and the neighbour are not the subject: their details stay, in full.
    // (The contact with the carer was a contact of the erased case: its summary went with the case's.)
    const others = [s.carer.name, s.carer.phone, s.neighbour.name, s.neighbour.address, s.theirText[0]];
    const kept = await whereFound(hub.dataSource, others);
    for (const v of others) expect(kept[v].length).toBeGreaterThan(0);

    // Ids, dates, categories and statuses stay: the records are there, named "Erased".
    const people = await hub.dataSource.query('SELECT name, date_of_birth, postcode, agency_id FROM person WHERE id = ANY ($1::uuid[])', [s.personIds]);
    expect(people).toHaveLength(4);
    for (const p of people) expect(p).toMatchObject({ name: 'Erased', date_of_birth: null, postcode: null });
    const cases = await hub.dataSource.query('SELECT status, received_at, threshold_met FROM case_review WHERE id = ANY ($1::uuid[]) ORDER BY received_at', [s.caseIds]);
    expect(cases).toEqual([
      { status: 'CLOSED', received_at: new Date('2026-03-02T10:00:00Z'), threshold_met: true },
      { status: 'RECEIVED', received_at: new Date('2026-04-06T10:00:00Z'), threshold_met: null },
    ]);
    // The risk assessment keeps its level and score (figures), not the victim's answers.
    const [risk] = await hub.dataSource.query('SELECT level, score, answers FROM risk_assessment WHERE case_id = $1', [s.caseIds[0]]);
    expect(risk).toEqual({ level: 'STANDARD', score: 4, answers: [] });
    const incidents = await hub.dataSource.query('SELECT category, occurred_at, version, summary FROM incident WHERE id = ANY ($1::uuid[])', [s.myIncidentIds]);
    expect(incidents).toHaveLength(3);
    for (const i of incidents) expect(i).toMatchObject({ category: 'NOISE', summary: '' });

    // The log: nothing of it changed, one WRITE per record erased on the officer's basis, and the chain verifies.
    const written = await entriesSince(hub, s.dpo.user.id, mark);
    expect(written).toHaveLength(9);
    expect(written.every((l) => l.startsWith('WRITE ') && l.endsWith(' LEGAL_OBLIGATION'))).toBe(true);
    const [{ n }] = await hub.dataSource.query('SELECT count(*)::int AS n FROM access_log WHERE id <= $1', [mark]);
    expect(n).toBe(entries);
    const verified = await hub.gql(VERIFY, {}, s.w.auditor.token);
    expect(verified.data.verifyAccessLog).toMatchObject({ ok: true, firstBrokenId: null });
    expect((await hub.gql(STATISTICS, { p: s.w.partnership.id }, s.w.cst.token)).data).toEqual(figures.data);
  });

  it('is idempotent: asked again, it erases and logs nothing more', async () => {
    const before = await state();
    const res = await hub.gql(ERASE, { p: s.personId, reason: 'Asked again' }, s.dpo.token);
    expect(res.data.erasePerson).toEqual({ persons: 0, incidents: 0, cases: 0 });
    expect(await state()).toEqual(before);
  });

  it('shows the erased person in their export, still exportable and named "Erased"', async () => {
    const res = await hub.gql('query ($p: ID!) { subjectAccessExport(personId: $p) { person { name dateOfBirth } incidents { summary location } cases { reportedIncidents { details } } } }', { p: s.personId }, s.dpo.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.subjectAccessExport.person).toEqual({ name: 'Erased', dateOfBirth: null });
  });
});
