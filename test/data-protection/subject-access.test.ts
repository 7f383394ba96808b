import { startHubWithOptions, type OptionsHub } from '../hostile/hub-with-options';
import { codes } from '../support/hub';
import { pdfTexts, words } from '../support/pdf-text';
import { buildSubject, entriesSince, lastEntryId, type Subject } from './subject';

/*
 * The subject access export (DOMAIN.md, "Data protection"): for a person known
 * to three agencies (the council's two records of them, one per case, the
 * police's and the housing provider's) and two cases, a data protection officer
 * within reach gets every record, every incident they reported, both cases and
 * who saw their data on which basis, as GraphQL and as a PDF; the carer who
 * applied for them and the neighbour whose report was linked stay out of it.
 */

const EXPORT = `query ($personId: ID!) { subjectAccessExport(personId: $personId) {
  person { id name dateOfBirth address postcode phone email redacted }
  recordCount incidentCount caseCount disclosureCount pdfPath
  records { id name dateOfBirth address postcode phone email redacted }
  incidents { id reference summary location redacted agency { id } history(first: 5) { summary reporter { name dateOfBirth } } }
} }`;
/** The cases, asked apart: each is a whole case history. */
const CASES = `query ($personId: ID!) { subjectAccessExport(personId: $personId) {
  cases(first: 2) {
    id reference status
    applicant { id name phone redacted }
    victim { id name dateOfBirth redacted }
    reportedIncidents { details }
    incidents { id reference summary redacted }
    thresholdDecision { reason }
    events { type note }
    panel { findings }
    recommendations { text }
    informationRequests { response { summary actionsTaken } }
    contacts { direction summary }
    involvement { statement }
    riskAssessment { level score answers { questionId answer } }
  }
} }`;
/** Who saw the data, asked apart: a whole page of 1000 entries costs what the rest of the export does. */
const DISCLOSURES = `query ($personId: ID!) { subjectAccessExport(personId: $personId) {
  disclosureCount
  disclosures(first: 1000) { id action entity entityId lawfulBasis actor { id } case { id reference } }
} }`;

describe('the subject access export', () => {
  let hub: OptionsHub;
  let s: Subject;
  let answer: any;

  beforeAll(async () => {
    hub = await startHubWithOptions();
    s = await buildSubject(hub);
    const res = await hub.gql(EXPORT, { personId: s.personId }, s.dpo.token);
    expect(res.errors).toBeUndefined();
    const cases = await hub.gql(CASES, { personId: s.personId }, s.dpo.token);
    expect(cases.errors).toBeUndefined();
    const seen = await hub.gql(DISCLOSURES, { personId: s.personId }, s.dpo.token);
    expect(seen.errors).toBeUndefined();
    answer = { ...res.data.subjectAccessExport, ...cases.data.subjectAccessExport, ...seen.data.subjectAccessExport };
  });
  afterAll(() => hub.close());

  it('holds every record of the person across the three agencies, in full', () => {
    expect(answer.person).toMatchObject({ id: s.personId, ...s.me, redacted: false });
    expect(answer.recordCount).toBe(4);
    expect(answer.records.map((r: { id: string }) => r.id).sort()).toEqual([...s.personIds].sort());
    for (const r of answer.records) expect(r).toMatchObject({ name: s.me.name, dateOfBirth: s.me.dateOfBirth, redacted: false });
    const agencies = new Set(answer.incidents.map((i: { agency: { id: string } }) => i.agency.id));
    expect(agencies).toEqual(new Set([s.w.police.id, s.w.housing.id]));
  });

  it('holds the incidents they reported (and not the neighbour\'s), newest first, unredacted', () => {
    expect(answer.incidentCount).toBe(3);
    expect(answer.incidents.map((i: { id: string }) => i.id).sort()).toEqual([...s.myIncidentIds].sort());
    for (const i of answer.incidents) expect(i).toMatchObject({ redacted: false, location: s.me.address });
    expect(answer.incidents.map((i: { summary: string }) => i.summary)).toEqual(expect.arrayContaining([s.myText[0], s.myText[2], s.myText[3]]));
    // And the first version of the corrected police report, as the police first recorded it.
    const corrected = answer.incidents.find((i: { id: string }) => i.id === s.myIncidentIds[0]);
    expect(corrected.history).toEqual([{ summary: s.myText[1], reporter: { name: s.me.name, dateOfBirth: s.me.dateOfBirth } }]);
  });

  it('holds both cases, with the subject in full and the carer and the neighbour withheld', () => {
    expect(answer.caseCount).toBe(2);
    const [second, first] = answer.cases;
    expect([first.id, second.id]).toEqual(s.caseIds);
    expect(first).toMatchObject({
      status: 'CLOSED',
      victim: { id: s.personId, name: s.me.name, dateOfBirth: s.me.dateOfBirth, redacted: false },
      applicant: { id: s.carerId, name: null, phone: null, redacted: true },
      reportedIncidents: [{ details: s.myText[4] }],
      thresholdDecision: { reason: expect.stringContaining(s.me.name) },
      panel: { findings: expect.stringContaining(s.me.name) },
      recommendations: [{ text: expect.stringContaining(s.me.name) }],
      informationRequests: [{ response: { summary: expect.stringContaining(s.me.name), actionsTaken: [expect.stringContaining(s.me.phone)] } }],
    });
    // The case's linked records: the subject's own three; the neighbour's is not theirs to see.
    expect(first.incidents.map((i: { id: string }) => i.id).sort()).toEqual([...s.myIncidentIds].sort());
    expect(first.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['RECEIVED', 'THRESHOLD_DECIDED', 'REVIEWED', 'CLOSED']));
    // The CST's call to the subject and their statement; the call to the carer is the carer's.
    expect(first.contacts).toEqual([{ direction: 'TO_VICTIM', summary: expect.stringContaining(s.myText[6]) }]);
    expect(first.involvement).toEqual({ statement: expect.stringContaining(s.myText[7]) });
    expect(first.riskAssessment.answers.filter((a: { answer: boolean }) => a.answer).map((a: { questionId: string }) => a.questionId)).toEqual(['health', 'isolated']);
    expect(second).toMatchObject({ applicant: { id: expect.any(String), name: s.me.name, redacted: false }, reportedIncidents: [{ details: s.myText[5] }] });
  });

  it("says who saw the person's data, when, through which case and on which basis", () => {
    const entries = answer.disclosures as { action: string; entity: string; entityId: string; lawfulBasis: string; actor: { id: string }; case: { id: string; reference: string } | null }[];
    expect(entries.length).toBe(answer.disclosureCount);
    // The export asked for just before is among them, newest.
    expect(entries[0]).toMatchObject({ actor: { id: s.dpo.user.id }, lawfulBasis: 'LEGAL_OBLIGATION' });
    const seen = (actorId: string, entity: string, entityId: string) =>
      entries.filter((e) => e.action === 'READ' && e.actor.id === actorId && e.entity === entity && e.entityId === entityId).map((e) => [e.lawfulBasis, e.case?.reference]);
    const [first] = s.caseReferences;
    const [p1, , h1] = s.myIncidentIds;
    // The council's CST owns the victim's record; the police read it by consent; the housing record reaches the police's panel member by consent.
    expect(seen(s.w.cst.user.id, 'Person', s.personId)).toEqual([['OWN_RECORD', first]]);
    expect(seen(s.w.policePanelMember.user.id, 'Person', s.personId)).toEqual([['CONSENT', first]]);
    expect(seen(s.w.policePanelMember.user.id, 'Incident', p1)).toEqual([['OWN_RECORD', first]]);
    expect(seen(s.w.policePanelMember.user.id, 'Incident', h1)).toEqual([['CONSENT', first]]);
    expect(seen(s.w.cst.user.id, 'CaseReview', s.caseIds[0])).toEqual([['OWN_RECORD', first]]);
    // The police's answer, read by the CST and the panel: information given under Schedule 4 of the 2014 Act.
    const answers = entries.filter((e) => e.entity === 'InformationRequest' && e.action === 'READ');
    expect(answers.filter((e) => [s.w.cst.user.id, s.w.chair.user.id].includes(e.actor.id)).map((e) => e.lawfulBasis)).toEqual(['ASB_ACT_SCHEDULE_4', 'ASB_ACT_SCHEDULE_4']);
    // The police's own panel member reads the police's answer as its own record.
    expect(answers.filter((e) => e.actor.id === s.w.policePanelMember.user.id).map((e) => e.lawfulBasis)).toEqual(['OWN_RECORD']);
    // Writes too: the records made, the case's steps, the consent withdrawn.
    expect(entries.some((e) => e.action === 'WRITE' && e.entity === 'Consent' && e.entityId === s.caseIds[1])).toBe(true);
    expect(new Set(entries.map((e) => e.lawfulBasis))).toEqual(new Set(['OWN_RECORD', 'CONSENT', 'ASB_ACT_SCHEDULE_4', 'LEGAL_OBLIGATION']));
  });

  it('leaves out what the carer and the neighbour gave: nothing of theirs in the answer', () => {
    const text = JSON.stringify(answer);
    for (const value of [...Object.values(s.carer), ...Object.values(s.neighbour), ...s.theirText]) expect(text).not.toContain(value);
  });

  it('is itself logged, every record it disclosed on the officer\'s basis (LEGAL_OBLIGATION)', async () => {
    const before = await lastEntryId(hub);
    for (const query of [EXPORT, CASES]) expect((await hub.gql(query, { personId: s.personId }, s.dpo.token)).errors).toBeUndefined();
    const lines = await entriesSince(hub, s.dpo.user.id, before);
    expect(lines.every((l) => l.startsWith('READ ') && l.endsWith(' LEGAL_OBLIGATION'))).toBe(true);
    // Each record once or more (a person is read as a record and again as the victim of a case).
    const named = (entity: string) => [...new Set(lines.filter((l) => l.startsWith(`READ ${entity} `)).map((l) => l.split(' ')[2]))];
    expect(named('SubjectAccessExport')).toEqual([s.personId]);
    expect(lines.filter((l) => l.startsWith('READ SubjectAccessExport '))).toHaveLength(2);
    expect(named('Person').sort()).toEqual([...s.personIds].sort());
    expect(named('Incident').sort()).toEqual([...s.myIncidentIds].sort());
    expect(named('CaseReview').sort()).toEqual([...s.caseIds].sort());
    expect(named('InformationRequest')).toHaveLength(1);
    // The earlier export shows among the disclosures now.
    const again = await hub.gql('query ($p: ID!) { subjectAccessExport(personId: $p) { disclosures(first: 50) { entity actor { id } lawfulBasis } } }', { p: s.personId }, s.dpo.token);
    expect(again.data.subjectAccessExport.disclosures).toContainEqual({ entity: 'SubjectAccessExport', actor: { id: s.dpo.user.id }, lawfulBasis: 'LEGAL_OBLIGATION' });
  });

  it('pages the disclosures newest first, each page after the last entry of the one before', async () => {
    const page = async (first: number, after?: string): Promise<string[]> =>
      (await hub.gql('query ($p: ID!, $first: Int, $after: ID) { subjectAccessExport(personId: $p) { disclosures(first: $first, after: $after) { id } } }', { p: s.personId, first, after }, s.dpo.token))
        .data.subjectAccessExport.disclosures.map((e: { id: string }) => e.id);
    const one = await page(7);
    const all = await page(1000);
    const two = await page(7, one[6]);
    expect(one).toHaveLength(7);
    // An entry's id is its row's, or `row.n` for the n-th id of a row: newest row first, last disclosed first within it.
    const place = (id: string) => id.split('.').map(BigInt);
    const before = (a: string, b: string) => {
      const [[ra, na = 1n], [rb, nb = 1n]] = [place(a), place(b)];
      return ra < rb || (ra === rb && na < nb);
    };
    expect(all.every((id, i) => i === 0 || before(id, all[i - 1]))).toBe(true);
    expect(two).toEqual(all.slice(all.indexOf(one[6]) + 1, all.indexOf(one[6]) + 8));
    const bad = await hub.gql('query ($p: ID!) { subjectAccessExport(personId: $p) { disclosures(after: "1 OR 1=1") { id } } }', { p: s.personId }, s.dpo.token);
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('reaches the person for the police\'s officer too (their agency holds a record), with the same records', async () => {
    const res = await hub.gql('query ($p: ID!) { subjectAccessExport(personId: $p) { records { id } cases { id } } }', { p: s.personIds[2] }, s.policeDpo.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.subjectAccessExport.records.map((r: { id: string }) => r.id).sort()).toEqual([...s.personIds].sort());
    expect(res.data.subjectAccessExport.cases.map((c: { id: string }) => c.id).sort()).toEqual([...s.caseIds].sort());
  });

  it('answers NOT_FOUND to an officer beyond the person\'s reach, and FORBIDDEN to every other role, logging nothing', async () => {
    const before = await lastEntryId(hub);
    for (const who of [s.otherDpo, s.strayDpo]) {
      const res = await hub.gql(EXPORT, { personId: s.personId }, who.token);
      expect(codes(res)).toEqual(['NOT_FOUND']);
      expect(res.data).toBeNull();
    }
    // A person who does not exist answers the same.
    expect(codes(await hub.gql(EXPORT, { personId: '00000000-0000-4000-8000-000000000000' }, s.dpo.token))).toEqual(['NOT_FOUND']);
    expect(codes(await hub.gql(EXPORT, { personId: 'not-an-id' }, s.dpo.token))).toEqual(['BAD_USER_INPUT']);
    for (const who of [s.w.cst, s.w.auditor, s.w.admin, s.w.policeContributor, s.w.chair]) {
      expect(codes(await hub.gql(EXPORT, { personId: s.personId }, who.token))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await hub.gql(EXPORT, { personId: s.personId }, null))).toEqual(['UNAUTHENTICATED']);
    const [{ n }] = await hub.dataSource.query('SELECT count(*)::int AS n FROM access_log_entry WHERE id > $1 AND entity_id = ANY ($2::uuid[])', [before, [...s.personIds, ...s.myIncidentIds, ...s.caseIds]]);
    expect(n).toBe(0);
  });

  describe('as a PDF at pdfPath', () => {
    const get = (token: string | null) => fetch(`${hub.url}${answer.pdfPath}`, token ? { headers: { authorization: `Bearer ${token}` } } : undefined);

    it('shows what the GraphQL export shows, and nothing of the others', async () => {
      const res = await get(s.dpo.token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const [{ text: raw }] = await pdfTexts([Buffer.from(await res.arrayBuffer())]);
      const text = words(raw);
      for (const value of [s.me.name, s.me.address, s.me.phone, s.me.email, ...s.myText, ...s.caseReferences]) expect(text).toContain(value);
      expect(text).toContain('ASB Act 2014 Sch. 4');
      expect(text).toContain('consent');
      for (const value of [...Object.values(s.carer), ...Object.values(s.neighbour), ...s.theirText]) expect(text).not.toContain(value);
    });

    it('writes the access-log entries the GraphQL fields it is made from write', async () => {
      const sameAsPdf = `query ($p: ID!) { subjectAccessExport(personId: $p) {
        records { name dateOfBirth address postcode phone email }
        incidents { summary location history(first: 5) { summary } }
        cases(first: 2) { applicant { name dateOfBirth address postcode phone email } victim { name dateOfBirth address postcode phone email }
                reportedIncidents { details } thresholdDecision { reason } events { note } incidents { reference redacted }
                panel { findings } recommendations { text } informationRequests { question response { summary } }
                contacts { summary } involvement { statement } riskAssessment { answers { answer } } }
        disclosures(first: 500) { id case { reference } } } }`;
      let before = await lastEntryId(hub);
      expect((await hub.gql(sameAsPdf, { p: s.personId }, s.dpo.token)).errors).toBeUndefined();
      const viaGraphQL = await entriesSince(hub, s.dpo.user.id, before);
      before = await lastEntryId(hub);
      expect((await get(s.dpo.token)).status).toBe(200);
      expect(await entriesSince(hub, s.dpo.user.id, before)).toEqual(viaGraphQL);
      expect(viaGraphQL.length).toBeGreaterThan(8);
    });

    it('answers the field\'s refusals: 401 without a token, 403 for another role, 404 beyond reach', async () => {
      expect((await get(null)).status).toBe(401);
      const forbidden = await get(s.w.cst.token);
      expect(forbidden.status).toBe(403);
      expect(((await forbidden.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
      for (const who of [s.otherDpo, s.strayDpo]) {
        const res = await get(who.token);
        expect(res.status).toBe(404);
        const body = await res.text();
        expect(JSON.parse(body).errors[0].extensions.code).toBe('NOT_FOUND');
        expect(body).not.toContain(s.me.name);
      }
    });
  });
});
