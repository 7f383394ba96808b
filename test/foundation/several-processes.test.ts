import { print } from 'graphql';
import { signToken } from '../../src/common/auth';
import { createDataSource } from '../../src/database/data-source';
import { AgencyKind } from '../../src/modules/agency/agency-kind';
import { Role } from '../../src/modules/user/role';
import { MeDocument, RecordIncidentsDocument, VerifyAccessLogDocument } from '../generated/graphql';
import { applyClient, SELF_FORM, stored } from '../online-application/apply-client';
import { ensureBuilt, startCompiledHub, type CompiledHub } from '../support/compiled-hub';
import { buildAgency, buildPartnership, buildUser } from '../support/factories';
import { TEST_JWT_SECRET } from '../support/hub';
import { incidentBatch } from '../support/incident-inputs';

/*
 * Several processes, one hub: two compiled hubs on the test database, as two
 * hosts behind a load balancer would run them. A is one process
 * (HUB_WORKERS=1); B is a primary with two workers (HUB_WORKERS=2), so three
 * processes serve requests. What must hold for the hub as a whole holds
 * across them: a rate limit counts every process's requests, a form served by
 * one is accepted by another, identical batches sent to both at once leave one
 * copy, and the access log they both appended to verifies. Run once with the
 * rate limits in PostgreSQL and, where Redis answers (CI runs one), once with
 * them in Redis.
 */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PER_USER = 6;
const APPLICATIONS_PER_MINUTE = 5; // the online form's per-address limit (src/http/server.ts)
const BATCH = 200;

const stores = process.env.HUB_TEST_REDIS === '1' ? ['postgres', 'redis'] : ['postgres'];

describe.each(stores)('two hub processes on one database, rate limits in %s', (store) => {
  const url = () => process.env.HUB_TEST_DATABASE_URL!;
  const ds = createDataSource(process.env.HUB_TEST_DATABASE_URL ?? 'postgres://unset', 4);
  const hubs: CompiledHub[] = [];
  let a: CompiledHub;
  let b: CompiledHub;

  const start = (workers: number) =>
    startCompiledHub({
      NODE_ENV: 'production',
      DATABASE_URL: url(),
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      HUB_DEMO_DATA: '0',
      HUB_JOBS: '0',
      HUB_WORKERS: String(workers),
      RATE_LIMIT_PER_USER: String(PER_USER),
      ...(store === 'redis' ? { REDIS_URL } : {}),
    });

  const gql = async (hub: CompiledHub, query: string, variables: unknown, token: string) => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as { data?: any; errors?: { extensions: { code: string } }[] } };
  };

  beforeAll(async () => {
    await ensureBuilt();
    await ds.initialize();
    [a, b] = await Promise.all([start(1), start(2)]);
    hubs.push(a, b);
    expect(a.output.join('')).toMatch(new RegExp(`"workers":1,"rateLimits":"${store}"`));
    expect(b.output.join('')).toMatch(new RegExp(`"workers":2,"rateLimits":"${store}"`));
  }, 300_000);

  afterAll(async () => {
    for (const hub of hubs) {
      if (hub.child.exitCode === null) {
        hub.child.kill('SIGTERM');
        await hub.exited;
      }
    }
    if (ds.isInitialized) await ds.destroy();
  });

  it('counts a rate limit across every process: what one allowed, the others no longer allow', async () => {
    const user = await buildUser(ds);
    const token = await signToken(TEST_JWT_SECRET, user.email);
    const me = print(MeDocument);
    // Half the budget at each hub (B's three spread over its two workers): each alone would allow it all again.
    for (const hub of [a, a, a, b, b, b]) expect((await gql(hub, me, {}, token)).status).toBe(200);
    for (const hub of [a, b, b]) {
      const refused = await gql(hub, me, {}, token);
      expect(refused.status).toBe(429);
      expect(refused.body.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    }
    // Another user is not held back by it.
    const other = await signToken(TEST_JWT_SECRET, (await buildUser(ds)).email);
    expect((await gql(b, me, {}, other)).status).toBe(200);
  });

  it("accepts at one process the form another served, and counts the form's per-address limit across both", async () => {
    const lead = await buildAgency(ds, { kind: AgencyKind.COUNCIL });
    const partnership = await buildPartnership(ds, { lead });
    const atA = applyClient(a.url, partnership.code);
    const atB = applyClient(b.url, partnership.code);
    const tokenFromA = await atA.token();
    const sent = await atB.postForm({ ...SELF_FORM, formToken: tokenFromA });
    expect(sent.status).toBe(201);
    const json = {
      relationship: 'SELF',
      consent: true,
      applicant: { name: 'Robin Example', email: 'robin@example.org', postcode: 'ME4 4TR' },
      reportedIncidents: [{ occurredOn: '2026-09-01', reportedToOrganisation: 'Kent Police', details: 'Shouting at night' }],
    };
    const answers: number[] = [];
    for (let i = 0; i < APPLICATIONS_PER_MINUTE; i++) answers.push((await (i % 2 === 0 ? atA : atB).postJson(json)).status);
    // Five allowed in the minute, one of them the form above: whichever process is asked, the sixth is refused.
    expect(answers).toEqual([201, 201, 201, 201, 429]);
    const before = await stored(ds, partnership.id, lead.id);
    const refusedAtB = await atB.postJson(json);
    expect(refusedAtB.status).toBe(429);
    expect(Number(refusedAtB.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await stored(ds, partnership.id, lead.id)).toEqual(before);
    expect(before.cases).toBe(APPLICATIONS_PER_MINUTE);
  });

  it('leaves exactly one copy of identical batches sent to both at once, and the access log verifies', async () => {
    const agency = await buildAgency(ds, { kind: AgencyKind.POLICE });
    const contributor = await signToken(TEST_JWT_SECRET, (await buildUser(ds, { agency, roles: [Role.CONTRIBUTOR] })).email);
    const incidents = incidentBatch(BATCH, { prefix: `${agency.code}-SAME` });
    const record = print(RecordIncidentsDocument);
    const answers = await Promise.all([a, b, a, b].map((hub) => gql(hub, record, { incidents }, contributor)));
    for (const answer of answers) expect({ status: answer.status, errors: answer.body.errors }).toEqual({ status: 200, errors: undefined });
    const counts = answers.map((answer) => answer.body.data.recordIncidents as { created: number; unchanged: number });
    expect(counts.reduce((sum, c) => sum + c.created, 0)).toBe(BATCH);
    expect(counts.filter((c) => c.created === BATCH)).toHaveLength(1);
    expect(counts.filter((c) => c.unchanged === BATCH)).toHaveLength(3);
    const [{ n, distinct }] = await ds.query('SELECT count(*)::int AS n, count(DISTINCT reference)::int AS distinct FROM incident WHERE agency_id = $1', [agency.id]);
    expect({ n, distinct }).toEqual({ n: BATCH, distinct: BATCH });

    // Every process appended to the one chain: an auditor asking either verifies all of it.
    const auditor = await signToken(TEST_JWT_SECRET, (await buildUser(ds, { roles: [Role.AUDITOR] })).email);
    const [{ entries }] = await ds.query('SELECT count(*)::int AS entries FROM access_log');
    for (const hub of [a, b]) {
      const verified = await gql(hub, print(VerifyAccessLogDocument), {}, auditor);
      expect(verified.body.errors).toBeUndefined();
      expect(verified.body.data.verifyAccessLog).toMatchObject({ ok: true, firstBrokenId: null });
      expect(verified.body.data.verifyAccessLog.checked).toBeGreaterThanOrEqual(entries);
    }
  });
});
