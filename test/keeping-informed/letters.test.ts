import { CaseLetterDocument, PartnershipLettersDocument, SetLetterheadDocument, SetLetterTemplateDocument, SubmitApplicationDocument } from '../generated/graphql';
import { startHubWithOptions, type OptionsHub } from '../hostile/hub-with-options';
import { pdfTexts, words } from '../support/pdf-text';
import { application, buildWorld, type World } from '../support/world';
import { markers, walkthrough, type Markers, type Walkthrough } from './walkthrough';

/*
 * Every kind of letter, drafted for a walkthrough case through GraphQL and
 * fetched as the PDF at its pdfPath with the same token; the PDF read back to
 * text says what the GraphQL text says. The marker test: whatever the case's
 * incidents, answers, contacts and statement say, no letter and no PDF shows it.
 */
const KINDS = ['ACKNOWLEDGEMENT', 'THRESHOLD_MET', 'THRESHOLD_NOT_MET', 'DELAY', 'OUTCOME', 'SECONDARY_REVIEW_OUTCOME', 'CLOSURE'] as const;
type Kind = (typeof KINDS)[number];

describe('letters to the applicant', () => {
  let hub: OptionsHub;
  let w: World;
  let mk: Markers;
  let walk: Walkthrough;
  const caseOf = (kind: Kind) => (kind === 'THRESHOLD_NOT_MET' ? walk.notMetCaseId : walk.caseId);
  const letterOf = async (kind: Kind, token = w.cst.token) => hub.gql(CaseLetterDocument, { id: caseOf(kind), kind }, token);
  const pdf = async (path: string, token = w.cst.token) => {
    const response = await fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
  };
  const readLog = async (actorId: string) =>
    (await hub.dataSource.query(`SELECT action, entity, entity_id, case_id FROM access_log_entry WHERE actor_id = $1 ORDER BY id`, [actorId])) as Record<string, string>[];

  beforeAll(async () => {
    hub = await startHubWithOptions();
    w = await buildWorld(hub);
    mk = markers();
    walk = await walkthrough(hub, w, mk);
  });
  afterAll(() => hub.close());

  it('drafts every kind for the walkthrough case, and its PDF says what its text says', async () => {
    const letters = [];
    for (const kind of KINDS) {
      const res = await letterOf(kind);
      expect(res.errors).toBeUndefined();
      const letter = res.data.caseReview.letter;
      expect(letter).toMatchObject({ kind, pdfPath: `/documents/cases/${caseOf(kind)}/letters/${kind}.pdf` });
      letters.push(letter);
    }
    const started = Date.now();
    const files = await Promise.all(letters.map((l) => pdf(l.pdfPath)));
    const fetchMs = Date.now() - started;
    for (const f of files) {
      expect(f.status).toBe(200);
      expect(f.type).toBe('application/pdf');
      expect(f.body.subarray(0, 5).toString()).toBe('%PDF-');
    }
    const texts = await pdfTexts(files.map((f) => f.body));
    letters.forEach((letter, i) => expect({ kind: letter.kind, text: words(texts[i].text) }).toEqual({ kind: letter.kind, text: words(letter.text) }));
    // Measured, not asserted (timings are reported, not tested).
    console.log(`7 letters drafted and rendered as PDF over HTTP in ${fetchMs} ms (${files.map((f) => f.body.length).join(', ')} bytes)`);
  });

  it('writes each letter from the case: the partnership, the reference, the date, the applicant and what the kind is about', async () => {
    const text = async (kind: Kind) => (await letterOf(kind)).data.caseReview.letter.text as string;
    const ack = await text('ACKNOWLEDGEMENT');
    expect(ack.split('\n').slice(0, 3)).toEqual([w.partnership.name, 'Community Safety Team', 'Medway Council']);
    expect(ack).toContain(`Our reference: ${walk.reference}`);
    expect(ack).toContain('Sam Carer\n2 Letter Lane\nChatham\nME5 5LL\n\nDear Sam Carer,');
    // Received 2 March 2026: threshold decision 10 working days later, outcome 25 (across Easter).
    expect(ack).toContain('By 16 March 2026 we will decide');
    expect(ack).toContain('by 8 April 2026');
    expect(ack).toMatch(/Yours sincerely,\n\nCST officer\nCommunity Safety Team, /);
    const met = await text('THRESHOLD_MET');
    expect(met).toContain('Our reason: Three reports in six months from two agencies');
    expect(met).toContain('- 3 February 2026: intimidation or harassment\n- 5 February 2026: noise\n- 7 February 2026: vandalism');
    const notMet = await text('THRESHOLD_NOT_MET');
    expect(notMet).toContain('Our reason: One report only');
    expect(notMet).toContain('What we will do instead: A neighbourhood officer will visit');
    expect(await text('DELAY')).toContain('The reason for the delay: The housing provider needs more time to answer');
    const outcome = await text('OUTCOME');
    expect(outcome).toContain('The agencies acted separately and did not join the reports up.');
    expect(outcome).toContain('- To Kent Police: Flag the address for repeat-victim checks (by 1 May 2026)\n- To Moat Homes: Start tenancy enforcement');
    expect(outcome).not.toContain('Install noise monitoring');
    const secondary = await text('SECONDARY_REVIEW_OUTCOME');
    expect(secondary).toContain('The first review was fair; one more action is needed.');
    expect(secondary).toContain('- To Medway Council: Install noise monitoring equipment');
    expect(secondary).not.toContain('Start tenancy enforcement');
    expect(await text('CLOSURE')).toContain('The reason: The secondary review is the last step');
  });

  it('never shows what the incidents, the answers, the contacts or the statement say: not in any text, not in any PDF', async () => {
    const letters = await Promise.all(KINDS.map(async (kind) => (await letterOf(kind)).data.caseReview.letter));
    const texts = await pdfTexts(await Promise.all(letters.map(async (l) => (await pdf(l.pdfPath)).body)));
    const everything = [...letters.map((l) => l.text as string), ...texts.map((t) => t.text)];
    for (const marker of Object.values(mk)) {
      // Each marker is really in the case (the CST sees it through the API), so its absence from the letters means something.
      for (const text of everything) expect({ marker, found: text.includes(marker) }).toEqual({ marker, found: false });
    }
    const history = await hub.gql(
      `query ($id: ID!) { caseReview(id: $id) { victim { name address } reportedIncidents { details reportedToName reportedToReference }
         incidents { reference summary location reporter { name } } informationRequests { response { summary actionsTaken } }
         contacts { summary } involvement { statement } } }`,
      { id: walk.caseId },
      w.cst.token,
    );
    const seen = JSON.stringify(history.data);
    for (const marker of Object.values(mk)) expect({ marker, inCase: seen.includes(marker) }).toEqual({ marker, inCase: true });
  });

  it('refuses a letter the case cannot have yet with INVALID_STATE, in GraphQL and as PDF', async () => {
    const fresh = (await hub.gql(SubmitApplicationDocument, { input: application(w) }, w.cst.token)).data.submitApplication;
    for (const kind of ['THRESHOLD_MET', 'THRESHOLD_NOT_MET', 'DELAY', 'OUTCOME', 'SECONDARY_REVIEW_OUTCOME', 'CLOSURE'] as const) {
      const res = await hub.gql(CaseLetterDocument, { id: fresh.id, kind }, w.cst.token);
      expect({ kind, code: res.errors?.[0].extensions.code, field: res.errors?.[0].extensions.field }).toEqual({ kind, code: 'INVALID_STATE', field: 'kind' });
      const file = await pdf(`/documents/cases/${fresh.id}/letters/${kind}.pdf`);
      expect({ kind, status: file.status }).toEqual({ kind, status: 409 });
    }
    expect((await hub.gql(CaseLetterDocument, { id: fresh.id, kind: 'ACKNOWLEDGEMENT' }, w.cst.token)).errors).toBeUndefined();
  });

  it("answers a panel member FORBIDDEN and another partnership's CST NOT_FOUND, in GraphQL and as PDF, and logs nothing for them", async () => {
    const path = `/documents/cases/${walk.caseId}/letters/OUTCOME.pdf`;
    const before = await readLog(w.policePanelMember.user.id);
    const member = await letterOf('OUTCOME', w.policePanelMember.token);
    expect(member.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LETTER_CST_ONLY' });
    const memberPdf = await pdf(path, w.policePanelMember.token);
    expect(memberPdf.status).toBe(403);
    expect(JSON.parse(memberPdf.body.toString()).errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await readLog(w.policePanelMember.user.id)).toEqual(before);

    const other = await letterOf('OUTCOME', w.otherCst.token);
    expect(other.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const otherPdf = await pdf(path, w.otherCst.token);
    expect(otherPdf.status).toBe(404);
    expect(otherPdf.body.toString()).not.toContain('Sam Carer');
    const anonymous = await fetch(`${hub.url}${path}`);
    expect(anonymous.status).toBe(401);
    expect((await pdf(`/documents/cases/${walk.caseId}/letters/NOT_A_KIND.pdf`)).status).toBe(400);
  });

  it('writes the same access-log entries for a letter as for its PDF: the applicant read through the case', async () => {
    const entriesOf = async (work: () => Promise<unknown>) => {
      const before = (await readLog(w.cst.user.id)).length;
      await work();
      return (await readLog(w.cst.user.id)).slice(before);
    };
    const viaGraphql = await entriesOf(() => letterOf('OUTCOME'));
    const viaPdf = await entriesOf(() => pdf(`/documents/cases/${walk.caseId}/letters/OUTCOME.pdf`));
    const [{ applicant_id: applicantId }] = await hub.dataSource.query('SELECT applicant_id FROM case_review WHERE id = $1', [walk.caseId]);
    expect(viaGraphql).toEqual([{ action: 'READ', entity: 'Person', entity_id: applicantId, case_id: walk.caseId }]);
    expect(viaPdf).toEqual(viaGraphql);
    // And the fields the letter shows log exactly that too.
    const viaFields = await entriesOf(() => hub.gql(`query ($id: ID!) { caseReview(id: $id) { applicant { name address postcode } } }`, { id: walk.caseId }, w.cst.token));
    expect(viaFields).toEqual(viaGraphql);
  });

  it('drafts from the partnership\'s own wording and letterhead once its CST sets them, and refuses a template naming what letters are not given', async () => {
    const pid = w.partnership.id;
    const set = await hub.gql(SetLetterTemplateDocument, { partnershipId: pid, kind: 'DELAY', text: 'Sorry, {{applicantName}}: {{delayReason}}. Your reference is {{reference}}.' }, w.cst.token);
    expect(set.errors).toBeUndefined();
    expect(set.data.setLetterTemplate).toMatchObject({ kind: 'DELAY', custom: true });
    const head = await hub.gql(SetLetterheadDocument, { partnershipId: pid, text: 'Gun Wharf, Dock Road\nChatham ME4 4TR\n01634 333333' }, w.cst.token);
    expect(head.data.setLetterhead.letterhead).toBe('Gun Wharf, Dock Road\nChatham ME4 4TR\n01634 333333');
    const delay = (await letterOf('DELAY')).data.caseReview.letter.text as string;
    expect(delay).toContain(`Sorry, Sam Carer: The housing provider needs more time to answer. Your reference is ${walk.reference}.`);
    expect(delay.split('\n').slice(0, 4)).toEqual([w.partnership.name, 'Gun Wharf, Dock Road', 'Chatham ME4 4TR', '01634 333333']);

    const templatesBefore = (await hub.gql(PartnershipLettersDocument, { id: pid }, w.cst.token)).data.partnership;
    for (const [text, why] of [
      ['{{victimName}} asked us', 'victimName'],
      ['{{#reports}}{{summary}}{{/reports}}', 'summary'],
      ['{{> partial}}', '>'],
      ['{{#reports}} unclosed', 'parse'],
    ] as const) {
      const refused = await hub.gql(SetLetterTemplateDocument, { partnershipId: pid, kind: 'THRESHOLD_MET', text }, w.cst.token);
      expect({ why, code: refused.errors?.[0].extensions.code, field: refused.errors?.[0].extensions.field }).toEqual({ why, code: 'BAD_USER_INPUT', field: 'text' });
    }
    const panel = await hub.gql(SetLetterTemplateDocument, { partnershipId: pid, kind: 'DELAY', text: 'Anything' }, w.policePanelMember.token);
    expect(panel.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const other = await hub.gql(SetLetterTemplateDocument, { partnershipId: pid, kind: 'DELAY', text: 'Anything' }, w.otherCst.token);
    expect(other.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect((await hub.gql(PartnershipLettersDocument, { id: pid }, w.cst.token)).data.partnership).toEqual(templatesBefore);

    const reset = await hub.gql(SetLetterTemplateDocument, { partnershipId: pid, kind: 'DELAY', text: null }, w.cst.token);
    expect(reset.data.setLetterTemplate.custom).toBe(false);
    expect((await letterOf('DELAY')).data.caseReview.letter.text).toContain('I am sorry to tell you that your case review is taking longer than we said.');
  });
});
