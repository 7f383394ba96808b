import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { print } from 'graphql';
import { AgencyKind } from '../../src/modules/agency/agency-kind';
import { Role } from '../../src/modules/user/role';
import { createDataSource } from '../../src/database/data-source';
import { RecordIncidentsDocument } from '../generated/graphql';
import { buildAgency, buildUser, unique } from '../support/factories';
import { TEST_JWT_SECRET } from '../support/hub';
import { incidentBatch } from '../support/incident-inputs';
import { signToken } from '../../src/common/auth';
import { ensureBuilt, startCompiledHub } from '../support/compiled-hub';

/*
 * SIGTERM under load, on the compiled server (`npm run build`, then
 * `node dist/src/index.js`, two workers) against the test database: requests
 * in flight finish and succeed, new ones are refused, and the process exits 0.
 */

const RECORD = print(RecordIncidentsDocument);
const IN_FLIGHT = 4;
const BATCH = 500;

type Reply = { status: number; body: string; doneAt: number } | { error: string; doneAt: number };

/** One request on its own connection; `connected` resolves once the server has the whole request. */
function post(url: string, token: string, payload: string): { connected: Promise<void>; reply: Promise<Reply> } {
  let sent!: () => void;
  const connected = new Promise<void>((resolve) => (sent = resolve));
  const reply = new Promise<Reply>((resolve) => {
    const req = http.request(
      `${url}/graphql`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, doneAt: Date.now() }));
      },
    );
    req.on('error', (error) => resolve({ error: error.message, doneAt: Date.now() }));
    req.end(payload, () => sent());
  });
  return { connected, reply };
}

describe('graceful shutdown under load (compiled server)', () => {
  let child: ChildProcess | undefined;

  beforeAll(() => ensureBuilt(), 300_000);
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('finishes every request in flight, refuses new ones and exits 0', async () => {
    const url = process.env.HUB_TEST_DATABASE_URL!;
    const ds = createDataSource(url, 2);
    await ds.initialize();
    const agency = await buildAgency(ds, { code: unique('SIGTERM'), kind: AgencyKind.POLICE });
    const user = await buildUser(ds, { agency, roles: [Role.CONTRIBUTOR] });
    const token = await signToken(TEST_JWT_SECRET, user.email);

    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      DATABASE_URL: url,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      SHUTDOWN_GRACE_MS: '30000',
      HUB_DEMO_DATA: '0',
      // A primary and two workers: SIGTERM reaches the primary, which has each worker finish its requests.
      HUB_WORKERS: '2',
    };
    const hub = await startCompiledHub(env, 60_000);
    child = hub.child;
    const { url: hubUrl, output, exited } = hub;

    const batches = Array.from({ length: IN_FLIGHT }, (_, i) => incidentBatch(BATCH, { prefix: `${agency.code}-B${i}` }));
    const requests = batches.map((incidents) => post(hubUrl, token, JSON.stringify({ query: RECORD, variables: { incidents } })));
    await Promise.all(requests.map((r) => r.connected));
    // The whole requests are on the server's sockets. Wait until the hub has taken every one in: each is
    // committed, or inside its intake (holding or awaiting the agency's lock). A fixed pause was not enough
    // on a loaded machine: a request still unread at SIGTERM is an idle connection, and closed as one.
    const takenIn = async () => {
      const [{ n }] = await ds.query(
        `SELECT (SELECT count(*) FROM incident WHERE agency_id = $1) / $2
              + (SELECT count(*) FROM pg_locks l, hashtextextended('incident-intake:' || $1, 0) AS k(key)
                  WHERE l.locktype = 'advisory' AND l.classid = ((k.key >> 32) & 4294967295)::oid AND l.objid = (k.key & 4294967295)::oid) AS n`,
        [agency.id, BATCH],
      );
      return Number(n);
    };
    for (const until = Date.now() + 20_000; (await takenIn()) < IN_FLIGHT && Date.now() < until; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const signalledAt = Date.now();
    child.kill('SIGTERM');

    await new Promise((resolve) => setTimeout(resolve, 100));
    const late = await post(hubUrl, token, JSON.stringify({ query: '{ me { id } }' })).reply;

    const replies = await Promise.all(requests.map((r) => r.reply));
    const code = await exited;
    const failures = replies.filter((r) => !('status' in r) || r.status !== 200 || JSON.parse(r.body).errors);
    expect({ failures, log: failures.length ? output.join('') : '' }).toEqual({ failures: [], log: '' });
    for (const r of replies) expect(JSON.parse((r as { body: string }).body).data.recordIncidents.created).toBe(BATCH);
    // They really were in flight: at least one answered after the signal.
    const lastDone = Math.max(...replies.map((r) => r.doneAt));
    expect(lastDone).toBeGreaterThan(signalledAt);
    // New work is refused: the listener is closed, or the hub says it is shutting down.
    if ('status' in late) expect(late.status).toBe(503);
    else expect(late.error).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
    expect(code).toBe(0);
    expect(output.join('')).toMatch(/"msg":"stopped"/);

    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM incident WHERE agency_id = $1', [agency.id]);
    expect(n).toBe(IN_FLIGHT * BATCH);
    // Flush what this test wrote now rather than during the next suite's timings (needs a superuser; best effort).
    await ds.query('CHECKPOINT').catch(() => undefined);
    await ds.destroy();
  }, 120_000);
});
