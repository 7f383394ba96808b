import { MyInformationRequestsDocument, PanelPackDocument } from '../generated/graphql';
import { startHubWithOptions, type OptionsHub } from '../hostile/hub-with-options';
import { pdfTexts } from '../support/pdf-text';
import { buildWorld, type World } from '../support/world';
import { packCase, send, withdraw, type PackCase } from './fixture';

/*
 * The panel pack (DOMAIN.md, "The panel pack and the risk assessment"): the
 * chronology in order and redacted per reader, the same access-log entries as
 * the fields it is made of, and the HTML and PDF carrying nothing the reader may
 * not see. Every piece of personal data in the fixture is a marker string.
 */

type Reader = 'cst' | 'policePanelMember' | 'chair';
type Marker = keyof PackCase['markers'];
const ALL: Marker[] = ['victim', 'applicant', 'policeSummary', 'policeLocation', 'policeReporter', 'housingSummary', 'housingLocation', 'housingReporter', 'account', 'officer', 'housingAnswer', 'contact', 'riskAnswer'];
const POLICE: Marker[] = ['policeSummary', 'policeLocation', 'policeReporter'];
const COUNCIL: Marker[] = ['victim', 'applicant', 'account', 'officer', 'contact', 'riskAnswer'];

/**
 * What each reader may see once the victim withdrew consent: their own agency's
 * data, and the agencies' answers to information requests (ASB Act, Sch. 4;
 * not redacted, as InformationRequest.response is not). The CST is the council,
 * which holds the application, the applicant's account, the contacts and the risk assessment.
 */
const AFTER_WITHDRAWAL: Record<Reader, Marker[]> = {
  cst: [...COUNCIL, 'housingAnswer'],
  policePanelMember: [...POLICE, 'housingAnswer'],
  chair: ['housingAnswer'],
};

const FIELDS = `query ($id: ID!) { caseReview(id: $id) {
  incidents { summary location reporter { name } }
  reportedIncidents { details reportedToName }
  informationRequests { response { summary actionsTaken } }
  contacts { summary }
  events { note }
  riskAssessments { answers { questionId } }
} }`;
const PEOPLE = `query ($id: ID!) { caseReview(id: $id) { victim { name } applicant { name } } }`;

describe('the panel pack', () => {
  let hub: OptionsHub;
  let w: World;
  beforeAll(async () => {
    hub = await startHubWithOptions();
    w = await buildWorld(hub);
  });
  afterAll(() => hub.close());

  const token = (reader: Reader | 'housingResponder' | 'otherCst' | 'housingPanelMember') => w[reader].token;
  const reads = async (userId: string) =>
    (await hub.dataSource.query(`SELECT id, entity, entity_id, case_id FROM access_log_entry WHERE actor_id = $1 AND action = 'READ' ORDER BY id`, [userId])) as {
      id: string;
      entity: string;
      entity_id: string;
      case_id: string;
    }[];
  /** The READ entries `work` adds for `userId` (the log has lanes: compared by id, not by position), as a sorted list. */
  const logged = async (userId: string, work: () => Promise<unknown>) => {
    const before = new Set((await reads(userId)).map((r) => r.id));
    await work();
    return (await reads(userId))
      .filter((r) => !before.has(r.id))
      .map((r) => `${r.entity} ${r.entity_id} ${r.case_id}`)
      .sort();
  };
  const chronology = async (k: PackCase, reader: Reader) => (await send(hub, PanelPackDocument, { id: k.caseId }, token(reader))).caseReview.panelPack.chronology;
  const documentOf = async (k: PackCase, reader: string, ext: 'html' | 'pdf') => {
    const res = await fetch(`${hub.url}/documents/cases/${k.caseId}/pack.${ext}`, { headers: { authorization: `Bearer ${w[reader as Reader].token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { res, bytes, text: ext === 'pdf' && res.status === 200 ? (await pdfTexts([bytes]))[0].text : bytes.toString('utf8') };
  };
  /** Compared without whitespace: a PDF's lines may break inside a name (or after a hyphen). */
  const squeeze = (text: string) => text.replace(/\s+/g, '');
  const expectMarkers = (text: string, k: PackCase, visible: Marker[], where: string) => {
    const all = squeeze(text);
    for (const m of ALL) expect({ where, marker: m, shown: all.includes(squeeze(k.markers[m])) }).toEqual({ where, marker: m, shown: visible.includes(m) });
  };

  it('lists every dated item oldest first, each kind from its field, and gives the documents\' paths', async () => {
    const k = await packCase(hub, w);
    const { panelPack } = (await send(hub, PanelPackDocument, { id: k.caseId }, w.cst.token)).caseReview;
    expect(panelPack).toMatchObject({ htmlPath: `/documents/cases/${k.caseId}/pack.html`, pdfPath: `/documents/cases/${k.caseId}/pack.pdf` });
    const entries = panelPack.chronology;
    const times = entries.map((e: any) => Date.parse(e.on));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const count = (kind: string) => entries.filter((e: any) => e.kind === kind).length;
    const history = await hub.dataSource.query('SELECT count(*)::int AS n FROM case_event WHERE case_id = $1', [k.caseId]);
    expect({ INCIDENT: count('INCIDENT'), REPORTED_INCIDENT: count('REPORTED_INCIDENT'), INFORMATION_RESPONSE: count('INFORMATION_RESPONSE'), CONTACT: count('CONTACT'), EVENT: count('EVENT'), RISK_ASSESSMENT: count('RISK_ASSESSMENT') }).toEqual({
      INCIDENT: 4,
      REPORTED_INCIDENT: 4,
      INFORMATION_RESPONSE: 1,
      CONTACT: 1,
      EVENT: history[0].n,
      RISK_ASSESSMENT: 1,
    });
    // The police record from before the six months comes first; the applicant's account of it is dated that day, at midnight in London (BST).
    expect(entries.slice(0, 2).map((e: any) => [e.kind, e.on])).toEqual([
      ['REPORTED_INCIDENT', '2025-08-14T23:00:00.000Z'],
      ['INCIDENT', '2025-08-15T21:00:00.000Z'],
    ]);
    const incidents = entries.filter((e: any) => e.kind === 'INCIDENT');
    expect(incidents.map((e: any) => [e.agency.code, e.category])).toEqual([
      [w.police.code, 'NOISE'],
      [w.police.code, 'INTIMIDATION_HARASSMENT'],
      [w.housing.code, 'VANDALISM'],
      [w.housing.code, 'NOISE'],
    ]);
    expect(entries.every((e: any) => e.redacted === false && typeof e.text === 'string')).toBe(true);
  });

  it('shows each reader, before and after the victim withdraws consent, only what the GraphQL fields show them', async () => {
    const k = await packCase(hub, w);
    for (const reader of ['cst', 'policePanelMember', 'chair'] as Reader[]) {
      const json = JSON.stringify(await chronology(k, reader));
      // The chronology names no person: the victim and applicant are the documents' header only.
      expectMarkers(json, k, ALL.filter((m) => m !== 'victim' && m !== 'applicant'), `chronology for ${reader}, consent active`);
    }
    await withdraw(hub, w, k.caseId);
    for (const reader of ['cst', 'policePanelMember', 'chair'] as Reader[]) {
      const entries = await chronology(k, reader);
      expectMarkers(JSON.stringify(entries), k, AFTER_WITHDRAWAL[reader].filter((m) => m !== 'victim' && m !== 'applicant'), `chronology for ${reader}, consent withdrawn`);
      // Redacted entries keep their dates, categories and agency, and say so.
      for (const e of entries.filter((x: any) => x.kind === 'INCIDENT')) {
        const own = reader === 'policePanelMember' && e.agency.code === w.police.code;
        expect(e).toMatchObject({ redacted: !own, category: expect.any(String), on: expect.any(String) });
        expect(e.text === null).toBe(!own);
      }
      for (const e of entries.filter((x: any) => x.kind === 'REPORTED_INCIDENT')) expect(e.redacted).toBe(reader !== 'cst');
      for (const e of entries.filter((x: any) => x.kind === 'RISK_ASSESSMENT')) expect(e).toMatchObject({ redacted: reader !== 'cst', title: expect.stringContaining('HIGH, score 7') });
    }
  });

  it('writes the access-log entries the fields it is made of would write, as a chronology, as HTML and as PDF', async () => {
    const k = await packCase(hub, w);
    const check = async (reader: Reader) => {
      const { id } = w[reader].user;
      const viaFields = await logged(id, () => hub.gql(FIELDS, { id: k.caseId }, token(reader)));
      const viaPeople = await logged(id, () => hub.gql(PEOPLE, { id: k.caseId }, token(reader)));
      expect(await logged(id, () => chronology(k, reader))).toEqual(viaFields);
      const everything = [...new Set([...viaFields, ...viaPeople])].sort();
      expect(await logged(id, () => documentOf(k, reader, 'html'))).toEqual(everything);
      expect(await logged(id, () => documentOf(k, reader, 'pdf'))).toEqual(everything);
      return viaFields;
    };
    const before = await check('policePanelMember');
    expect(before.length).toBeGreaterThan(0);
    await withdraw(hub, w, k.caseId);
    const after = await check('policePanelMember');
    // After the withdrawal the police reader is shown (and logged for) its own records only.
    expect(after.length).toBeLessThan(before.length);
    expect(after.every((e) => !k.housing.some((id: string) => e.includes(id)))).toBe(true);
    expect((await check('cst')).length).toBeGreaterThan(0);
    // The independent chair's agency holds nothing of the case: after the withdrawal it is shown the agencies' answers
    // alone (ASB Act, Sch. 4: not redacted), and logged for the housing provider's answer alone.
    const chair = await check('chair');
    expect(chair).toHaveLength(1);
    expect(chair[0]).toMatch(new RegExp(`^InformationRequest [0-9a-f-]{36} ${k.caseId}$`));
  });

  it('prints as HTML and PDF with nothing the reader may not see, before and after the withdrawal', async () => {
    const k = await packCase(hub, w);
    for (const phase of ['consent active', 'consent withdrawn'] as const) {
      if (phase === 'consent withdrawn') await withdraw(hub, w, k.caseId);
      for (const reader of ['cst', 'policePanelMember', 'chair'] as Reader[]) {
        const visible = phase === 'consent active' ? ALL : AFTER_WITHDRAWAL[reader];
        const html = await documentOf(k, reader, 'html');
        expect(html.res.status).toBe(200);
        expect(html.res.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expectMarkers(html.text, k, visible, `HTML for ${reader}, ${phase}`);
        const pdf = await documentOf(k, reader, 'pdf');
        expect(pdf.res.status).toBe(200);
        expect(pdf.res.headers.get('content-type')).toBe('application/pdf');
        expectMarkers(pdf.text, k, visible, `PDF for ${reader}, ${phase}`);
      }
    }
  });

  it('is a printable page: no script, nothing from elsewhere, print rules, a page break between sections, one mark per incident', async () => {
    const k = await packCase(hub, w);
    const { text, res } = await documentOf(k, 'cst', 'html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(text).not.toMatch(/<script|\bsrc=|\bhref=|url\(|@import/i);
    expect(text).toContain('@media print');
    expect(text).toMatch(/section \+ section \{ break-before: page;/);
    expect(text.match(/<section /g)).toHaveLength(3);
    const marks = [...text.matchAll(/<circle class="mark" data-incident="([^"]+)"/g)].map((m) => m[1]);
    expect(marks.sort()).toEqual([...k.police, ...k.housing].sort());
    expect(text).toContain('Six months before the application');
    expect(text).toContain('Application 2026-03-02');
    const pdf = await documentOf(k, 'cst', 'pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // pdf.js ends each page's text with "-- N of M --".
    const pages = pdf.text.split(/^-- \d+ of \d+ --$/m);
    expect((await pdfTexts([pdf.bytes]))[0].pages).toBeGreaterThanOrEqual(3);
    expect(pages[0]).toContain(`Panel pack: ${k.reference}`);
    expect(pages[1]).toContain('Timeline of incidents');
    expect(pages[2]).toContain('Chronology');
  });

  it('answers NOT_FOUND to a responder, a stranger and a panel member not on the panel, for both documents, and logs nothing', async () => {
    const k = await packCase(hub, w);
    // The housing responder reaches the case through its information request, but not its pack.
    const through = await send(hub, MyInformationRequestsDocument, {}, w.housingResponder.token);
    expect(through.myInformationRequests.some((r: any) => r.case.id === k.caseId)).toBe(true);
    for (const reader of ['housingResponder', 'otherCst', 'housingPanelMember'] as const) {
      for (const ext of ['html', 'pdf'] as const) {
        const before = await reads(w[reader].user.id);
        const { res, text } = await documentOf(k, reader, ext);
        expect({ reader, ext, status: res.status, code: JSON.parse(text).errors[0].extensions.code }).toEqual({ reader, ext, status: 404, code: 'NOT_FOUND' });
        expectMarkers(text, k, [], `${ext} for ${reader}`);
        expect(text).not.toContain(k.reference);
        expect(await reads(w[reader].user.id)).toEqual(before);
      }
    }
    const anonymous = await fetch(`${hub.url}/documents/cases/${k.caseId}/pack.pdf`);
    expect(anonymous.status).toBe(401);
  });
});
