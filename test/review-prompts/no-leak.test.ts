import { MarkPromptExplainedDocument, RecordIncidentsWithPromptsDocument, ReviewPromptsDocument } from '../generated/graphql';
import { Role } from '../../src/modules/user/role';
import { buildAgency, buildPartnership, buildUser } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { buildWorld } from '../support/world';
import { report, type Resident } from './report';

/*
 * A prompt reveals only its own existence. The same police batch is recorded in two
 * worlds whose other agencies' reports about the same people differ in everything a
 * prompt could leak (their agency, count, categories, dates, summaries with marker
 * strings, reports in other partnerships, reports outside the window), though not in
 * what the prompt states by design (its kind). The police's answers must be the same
 * bytes once the ids and timestamps that necessarily differ are replaced.
 */

const THRESHOLD: Resident = { name: 'Leak Threshold Person', dateOfBirth: '1966-02-03' };
const SECOND: Resident = { name: 'Leak Second Person', postcode: 'ME7 1AA' };
const ALONE: Resident = { name: 'Leak Alone Person', dateOfBirth: '1990-12-12' };

type Variant = {
  /** Reports by the partnership's other agencies: [which agency, report]. */
  others: ['housing' | 'housing2' | 'council', ReturnType<typeof report>][];
  /** Reports of the same people to an agency outside the police's partnerships. */
  elsewhere: ReturnType<typeof report>[];
};

const VARIANT_A: Variant = {
  others: [
    ['housing', report(THRESHOLD, '2026-08-01T10:00:00Z', { summary: 'MARKER-ALPHA noise', category: 'NOISE' })],
    ['housing', report(THRESHOLD, '2026-08-15T10:00:00Z', { summary: 'MARKER-ALPHA noise again', category: 'NOISE' })],
    ['housing', report(SECOND, '2026-07-01T10:00:00Z', { summary: 'MARKER-ALPHA one', location: 'MARKER-ALPHA street' })],
  ],
  elsewhere: [],
};

const VARIANT_B: Variant = {
  others: [
    ['housing2', report(THRESHOLD, '2026-06-01T10:00:00Z', { summary: 'MARKER-BRAVO vandalism', category: 'VANDALISM' })],
    ['council', report(THRESHOLD, '2026-07-02T10:00:00Z', { summary: 'MARKER-BRAVO drugs', category: 'DRUGS' })],
    ['housing2', report(THRESHOLD, '2026-07-20T10:00:00Z', { summary: 'MARKER-BRAVO', category: 'INTIMIDATION_HARASSMENT' })],
    ['council', report(THRESHOLD, '2026-08-30T10:00:00Z', { summary: 'MARKER-BRAVO', category: 'HATE' })],
    // Outside the six months, or about someone else of the same name.
    ['housing', report(THRESHOLD, '2025-12-01T10:00:00Z', { summary: 'MARKER-BRAVO old' })],
    ['housing', report({ ...ALONE, dateOfBirth: '1991-01-01' }, '2026-08-30T10:00:00Z', { summary: 'MARKER-BRAVO namesake' })],
    ['council', report(SECOND, '2026-05-20T10:00:00Z', { summary: 'MARKER-BRAVO other', category: 'DRUGS', location: 'MARKER-BRAVO road' })],
  ],
  elsewhere: [
    report(ALONE, '2026-08-31T10:00:00Z', { summary: 'MARKER-BRAVO elsewhere' }),
    report(ALONE, '2026-08-30T10:00:00Z', { summary: 'MARKER-BRAVO elsewhere 2' }),
    report(SECOND, '2026-08-30T10:00:00Z', { summary: 'MARKER-BRAVO elsewhere 3', category: 'HATE' }),
  ],
};

/** The police's batch, the same in both worlds. */
const POLICE_BATCH = [
  report(THRESHOLD, '2026-09-01T10:00:00Z', { reference: 'KP-LEAK-1', summary: 'Police own words' }),
  report(SECOND, '2026-09-01T11:00:00Z', { reference: 'KP-LEAK-2', summary: 'Police own words' }),
  report(ALONE, '2026-09-01T12:00:00Z', { reference: 'KP-LEAK-3', summary: 'Police own words' }),
];

const PROMPT = `id kind howToApply createdAt explainedAt explainedChannel explainedBy { displayName }
  partnership { id code name howToApply }
  incident { id reference occurredAt reportedAt category summary location version redacted history { version }
             agency { id code name } reporter { id name dateOfBirth postcode kind redacted } }`;

/** What a batch's answer can afford to ask of each prompt (the payload's list is bounded by the batch: 1000). */
const PROMPT_IN_PAYLOAD = `id kind createdAt explainedAt partnership { id code } incident { id reference occurredAt reportedAt category summary } howToApply`;

describe('nothing leaks through a prompt', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  /** Everything the police see: the payload, their prompts, and the errors they can provoke. */
  async function policeAnswers(variant: Variant): Promise<{ raw: string; normalised: string; promptCount: number }> {
    const w = await buildWorld(hub);
    const tokens = { housing: w.housingContributor.token, council: w.councilContributor.token, housing2: '' };
    const housing2User = await buildUser(hub.dataSource, { agency: w.housing2, roles: [Role.CONTRIBUTOR] });
    tokens.housing2 = await hub.tokenFor(housing2User.email);
    for (const [agency, row] of variant.others) {
      const res = await hub.gql(RecordIncidentsWithPromptsDocument, { incidents: [row] }, tokens[agency]);
      expect(res.errors).toBeUndefined();
    }
    const outsider = await buildAgency(hub.dataSource);
    await buildPartnership(hub.dataSource, { members: [outsider] });
    const outsiderUser = await buildUser(hub.dataSource, { agency: outsider, roles: [Role.CONTRIBUTOR] });
    if (variant.elsewhere.length > 0) {
      expect((await hub.gql(RecordIncidentsWithPromptsDocument, { incidents: variant.elsewhere }, await hub.tokenFor(outsiderUser.email))).errors).toBeUndefined();
    }

    const token = w.policeContributor.token;
    const answers: unknown[] = [];
    const recorded = await hub.gql(`mutation($incidents: [IncidentInput!]!) { recordIncidents(incidents: $incidents) {
      created updated unchanged incidents { id reference } prompts { ${PROMPT_IN_PAYLOAD} } } }`, { incidents: POLICE_BATCH }, token);
    if (recorded.errors) throw new Error(JSON.stringify(recorded.errors));
    answers.push(recorded);
    answers.push(await hub.gql(`{ reviewPrompts { ${PROMPT} } }`, {}, token));
    answers.push(await hub.gql(`{ reviewPrompts(open: false) { ${PROMPT} } }`, {}, token));
    answers.push(await hub.gql(ReviewPromptsDocument, { open: true }, w.policeResponder.token));
    // The same batch again, and a refused one.
    answers.push(await hub.gql(RecordIncidentsWithPromptsDocument, { incidents: POLICE_BATCH }, token));
    answers.push(await hub.gql(RecordIncidentsWithPromptsDocument, { incidents: [{ ...POLICE_BATCH[0], reference: 'KP-LEAK-9', reportedAt: '2099-01-01T00:00:00Z' }] }, token));
    const prompts = recorded.data.recordIncidents.prompts as { id: string }[];
    for (const prompt of prompts) {
      answers.push(await hub.gql(MarkPromptExplainedDocument, { promptId: prompt.id, channel: 'PHONE', explainedAt: '2099-01-01T00:00:00Z' }, token));
      answers.push(await hub.gql(MarkPromptExplainedDocument, { promptId: prompt.id, channel: 'PHONE' }, w.housingContributor.token));
    }
    const raw = JSON.stringify(answers);
    const normalised = raw
      .split(w.partnership.code).join('<code>')
      .split(w.police.code).join('<agency>')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
      .replace(/"createdAt":"[^"]+"/g, '"createdAt":"<at>"')
      .replace(/"sqlStatements":\d+/g, '"sqlStatements":<n>');
    return { raw, normalised, promptCount: prompts.length };
  }

  it("gives the recording agency the same answers whatever the other agencies' reports say", async () => {
    const a = await policeAnswers(VARIANT_A);
    const b = await policeAnswers(VARIANT_B);
    // Both worlds prompt about the same two people, with the same kinds; the person with no other report gets none.
    expect(a.promptCount).toBe(2);
    expect(JSON.parse(a.raw)[0].data.recordIncidents.prompts.map((p: { kind: string; incident: { reference: string } }) => [p.kind, p.incident.reference])).toEqual([
      ['THRESHOLD_LIKELY', 'KP-LEAK-1'],
      ['SECOND_REPORT', 'KP-LEAK-2'],
    ]);
    expect(a.raw).not.toContain('MARKER');
    expect(b.raw).not.toContain('MARKER');
    expect(b.normalised).toBe(a.normalised);
  });
});
