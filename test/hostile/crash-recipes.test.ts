import { print } from 'graphql';
import { RecordIncidentsDocument, SubmitApplicationDocument } from '../generated/graphql';
import { ensureBuilt, startCompiledHub, type CompiledHub } from '../support/compiled-hub';
import { TEST_JWT_SECRET } from '../support/hub';
import { incidentBatch } from '../support/incident-inputs';
import { application, buildWorld, type World } from '../support/world';
import { startHubWithOptions, type OptionsHub } from './hub-with-options';

/*
 * The two requests that took the hub down (issue 12), repeated against the
 * compiled server with npm start's 256 MB heap: a contributor's incidents with
 * 3,000 revisions of 10,000-character summaries read with their histories
 * under ten aliases, and four concurrent case histories of a case with 1,007
 * linked incidents under 20 aliases; then the same data read as heavily as the
 * cost allows, which the answer-size budget stops. Afterwards the process is
 * still there, /health and an ordinary query answer.
 */

const RECORD = print(RecordIncidentsDocument);
const summary = (n: number, round: number) => `${`Round ${round} of incident ${n}. `.padEnd(10_000, 'x')}`;

describe('the crash recipes, against the compiled hub (256 MB heap)', () => {
  let setup: OptionsHub;
  let hub: CompiledHub;
  let w: World;
  let bigCaseId: string;

  beforeAll(async () => {
    const [built] = await Promise.all([ensureBuilt(), (async () => (setup = await startHubWithOptions()))()]);
    void built;
    w = await buildWorld(setup);
    // 100 references re-sent 30 times with a changed 10,000-character summary: 3,000 revisions.
    const references = incidentBatch(100, { prefix: `CRASH-${Date.now()}` });
    for (let round = 0; round < 31; round++) {
      const incidents = references.map((incident, n) => ({ ...incident, summary: summary(n, round) }));
      const sent = await setup.post({ query: RECORD, variables: { incidents } }, { authorization: `Bearer ${w.policeContributor.token}` });
      expect(sent.json.errors).toBeUndefined();
    }
    // A case with 1,007 linked incidents: more than a case may link now (200), as data from before the bound would be.
    const submitted = await setup.gql(SubmitApplicationDocument, { input: application(w) as never }, w.cst.token);
    expect(submitted.errors).toBeUndefined();
    bigCaseId = submitted.data.submitApplication.id;
    const linked = incidentBatch(1007, { prefix: `CRASH-LINKED-${Date.now()}` }).map((incident, n) => ({ ...incident, summary: summary(n, 0).slice(0, 2_000) }));
    for (const part of [linked.slice(0, 1000), linked.slice(1000)]) {
      // Recorded by housing: the police contributor's incidents stay the 100 with 30 revisions each.
      const recorded = await setup.post({ query: RECORD, variables: { incidents: part } }, { authorization: `Bearer ${w.housingContributor.token}` });
      expect(recorded.json.errors).toBeUndefined();
    }
    await setup.dataSource.query(
      `INSERT INTO case_incident (case_id, incident_id, linked_by_id)
       SELECT $1, i.id, $2 FROM incident i WHERE i.reference LIKE 'CRASH-LINKED-%' AND i.agency_id = $3`,
      [bigCaseId, w.cst.user.id, w.housing.id],
    );
    hub = await startCompiledHub({
      NODE_ENV: 'production',
      DATABASE_URL: process.env.HUB_TEST_DATABASE_URL,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      HUB_DEMO_DATA: '0',
      // One process: a cluster's primary would replace a worker that ran out of heap, and the crash would pass unseen.
      HUB_WORKERS: '1',
    });
  }, 300_000);
  afterAll(async () => {
    if (hub && hub.child.exitCode === null) {
      hub.child.kill('SIGTERM');
      await hub.exited;
    }
    await setup?.close();
  }, 60_000);

  const post = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    return { status: res.status, bytes: text.length, json: JSON.parse(text) };
  };
  const refusal = (r: { status: number; json: { data?: unknown; errors?: { extensions: { code: string; reason: string } }[] } }) => ({
    status: r.status,
    data: r.json.data ?? null,
    codes: (r.json.errors ?? []).map((e) => `${e.extensions.code}/${e.extensions.reason}`),
  });

  it('refuses the ten aliases of 100 incidents with their histories (three at once), before building anything', async () => {
    const aliases = Array.from({ length: 10 }, (_, i) => `a${i}: incidents(first: $n) { edges { node { summary history { summary } } } }`).join(' ');
    const replies = await Promise.all(Array.from({ length: 3 }, () => post(`query($n: Int) { ${aliases} }`, { n: 100 }, w.policeContributor.token)));
    for (const reply of replies) expect(refusal(reply)).toEqual({ status: 400, data: null, codes: ['QUERY_TOO_COMPLEX/QUERY_COST_LIMIT'] });
  }, 60_000);

  it('refuses four concurrent case histories of the 1,007-incident case under 20 aliases', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `c${i}: caseReview(id: $id) { incidents { id reference summary location reporter { name } agency { code } } events { at type } }`).join(' ');
    const replies = await Promise.all(Array.from({ length: 4 }, () => post(`query($id: ID!) { ${aliases} }`, { id: bigCaseId }, w.cst.token)));
    for (const reply of replies) expect(refusal(reply)).toEqual({ status: 400, data: null, codes: ['QUERY_TOO_COMPLEX/QUERY_COST_LIMIT'] });
  }, 60_000);

  it('stops, by its size, an answer the cost allows but the data makes too large (four at once)', async () => {
    // 100 incidents and 20 versions each of 10,000 characters: cost within the limit, about 21 MB of answer.
    const query = 'query($n: Int, $h: Int) { incidents(first: $n) { edges { node { summary history(first: $h) { summary } } } } }';
    const replies = await Promise.all(Array.from({ length: 4 }, () => post(query, { n: 100, h: 20 }, w.policeContributor.token)));
    for (const reply of replies) {
      expect(refusal(reply)).toEqual({ status: 400, data: null, codes: [expect.stringMatching(/^QUERY_TOO_COMPLEX\/(RESPONSE_TOO_LARGE|RESPONSE_BUDGET_EXHAUSTED)$/)] });
      expect(reply.bytes).toBeLessThan(1_000);
    }
    // A smaller page of the same answers in full.
    const small = await post(query, { n: 10, h: 5 }, w.policeContributor.token);
    expect(small.json.errors).toBeUndefined();
    expect(small.json.data.incidents.edges[0].node.history).toHaveLength(5);
  }, 120_000);

  it('answers four concurrent whole histories of the 1,007-incident case', async () => {
    const query = 'query($id: ID!) { caseReview(id: $id) { reference incidents { id reference summary reporter { name } agency { code } } events { at type } } }';
    const replies = await Promise.all(Array.from({ length: 4 }, () => post(query, { id: bigCaseId }, w.cst.token)));
    for (const reply of replies) {
      expect(reply.json.errors).toBeUndefined();
      expect(reply.json.data.caseReview.incidents).toHaveLength(1007);
    }
  }, 120_000);

  it('is still up afterwards: /health, /ready and an ordinary query answer', async () => {
    expect(hub.child.exitCode).toBeNull();
    expect((await fetch(`${hub.url}/health`)).status).toBe(200);
    expect((await fetch(`${hub.url}/ready`)).status).toBe(200);
    const me = await post('{ me { id email } }', {}, w.cst.token);
    expect(me.json.errors).toBeUndefined();
    expect(me.json.data.me.id).toBe(w.cst.user.id);
    expect(hub.output.join('')).not.toMatch(/heap out of memory|FATAL ERROR/);
  });
});
