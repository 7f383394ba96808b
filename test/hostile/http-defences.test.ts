import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { TokenVerifier } from '../../src/common/auth';
import { loadConfig } from '../../src/config';
import { buildHubSchema } from '../../src/graphql/schema';
import net from 'node:net';
import { getIntrospectionQuery } from 'graphql';
import { IDE_STATIC_PATH } from '../../src/http/ide';
import { addressKey, RateLimitStore } from '../../src/http/rate-limit';
import { createHubServer, HEADERS_TIMEOUT_MS } from '../../src/http/server';
import { buildPartnership, buildUser } from '../support/factories';
import { TEST_JWT_SECRET } from '../support/hub';
import { startHubWithOptions, type OptionsHub } from './hub-with-options';

const ME = '{ me { id } }';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisKeys(pattern: string): Promise<string[]> {
  const redis = new Redis(REDIS_URL);
  try {
    return await redis.keys(pattern);
  } finally {
    redis.disconnect();
  }
}

async function rateLimitRows(namespace: string): Promise<string[]> {
  const client = new Client({ connectionString: process.env.HUB_TEST_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<{ key: string }>('SELECT key FROM rate_limit WHERE starts_with(key, $1)', [`${namespace}:`])).rows.map((r) => r.key);
  } finally {
    await client.end();
  }
}

/** The stores to test: PostgreSQL always, Redis too where it answers (CI runs one). */
function storeKinds(): ('postgres' | 'redis')[] {
  return process.env.HUB_TEST_REDIS === '1' ? ['postgres', 'redis'] : ['postgres'];
}

describe('rate limits', () => {
  let hub: OptionsHub;
  beforeAll(async () => {
    hub = await startHubWithOptions({ rateLimit: { perAddress: 6, perUser: 3 } });
  });
  afterAll(() => hub.close());

  it('answer 429 RATE_LIMITED with Retry-After, per user and then per client address; /health is never limited', async () => {
    const [a, b] = await Promise.all([buildUser(hub.dataSource), buildUser(hub.dataSource)]);
    const [ta, tb] = await Promise.all([hub.tokenFor(a.email), hub.tokenFor(b.email)]);
    const send = (token?: string) => hub.post({ query: ME }, token ? { authorization: `Bearer ${token}` } : {});
    for (let i = 0; i < 3; i++) expect((await send(ta)).status).toBe(200);
    const user = await send(ta);
    expect(user.status).toBe(429);
    const retryAfter = Number(user.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(user.json.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfter });
    expect(user.json.errors[0].message).toMatch(/user/);
    // Another user at the same address still has their own budget, until the address has spent its six.
    expect((await send(tb)).status).toBe(200);
    expect((await send()).status).toBe(200);
    const address = await send(tb);
    expect(address.status).toBe(429);
    expect(address.json.errors[0]).toMatchObject({ message: expect.stringMatching(/address/), extensions: { code: 'RATE_LIMITED' } });
    expect((await hub.raw('/health')).status).toBe(200);
    expect((await hub.raw('/ready')).status).toBe(200);
  });

  it.each(storeKinds())('count in the store every process shares (%s): what one spends, the other no longer has', async (kind) => {
    const namespace = `shared-${randomUUID()}`;
    const keySecret = randomBytes(32);
    const log = pino({ level: 'silent' });
    const open = () => RateLimitStore.open({ postgresUrl: process.env.HUB_TEST_DATABASE_URL!, redisUrl: kind === 'redis' ? REDIS_URL : undefined, keySecret, namespace, log });
    // Two stores, as two hub processes each open their own.
    const [first, second] = await Promise.all([open(), open()]);
    try {
      expect([first.kind, second.kind]).toEqual([kind, kind]);
      const [a, b] = [first.limiter('user', 3), second.limiter('user', 3)];
      expect(await a.take('someone')).toBe(0);
      expect(await b.take('someone')).toBe(0);
      expect(await a.take('someone')).toBe(0);
      const wait = await b.take('someone');
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(60);
      expect(await a.take('someone')).toBeGreaterThanOrEqual(1);
      // Another key, and another limit under the same key, each have their own count.
      expect(await b.take('someone else')).toBe(0);
      expect(await second.limiter('address', 3).take('someone')).toBe(0);
      // The store holds the keys' HMACs, never an email or an address.
      const marker = `marker-${randomUUID()}@example.org`;
      expect(await a.take(marker)).toBe(0);
      const stored = kind === 'redis' ? await redisKeys(`${namespace}:*`) : await rateLimitRows(namespace);
      expect(stored.length).toBe(4);
      expect(stored.join('\n')).not.toMatch(/someone|marker|example/);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('count in each process alone while the store cannot be reached, and say so once, without the key', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    // Port 1 on loopback: nothing listens there, so every count fails at once.
    const store = await RateLimitStore.open({ postgresUrl: 'postgres://nobody@127.0.0.1:1/none', namespace: `down-${randomUUID()}`, log });
    try {
      const limiter = store.limiter('user', 2);
      expect(await limiter.take('someone@example.org')).toBe(0);
      expect(await limiter.take('someone@example.org')).toBe(0);
      expect(await limiter.take('someone@example.org')).toBeGreaterThanOrEqual(1);
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0])).toMatchObject({ store: 'postgres', limit: 'user', msg: expect.stringMatching(/counts alone/) });
      expect(lines[0]).not.toContain('someone');
    } finally {
      await store.close();
    }
  });

  it('count an IPv6 client by its /64 and an IPv4-mapped one by its IPv4 address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('database faults', () => {
  it('/ready answers 503 within its timeout when the database hangs', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', AUTH_JWT_SECRET: TEST_JWT_SECRET });
    const hanging = { query: () => new Promise(() => undefined), driver: {} } as unknown as DataSource;
    const log = pino({ level: 'silent' });
    const rateLimitStore = await RateLimitStore.open({ postgresUrl: 'postgres://nobody@127.0.0.1:1/none', log });
    const server = await createHubServer({
      schema: await buildHubSchema(),
      dataSource: hanging,
      verifier: await TokenVerifier.fromConfig(config),
      log,
      readyTimeoutMs: 300,
      rateLimitStore,
    });
    const port = await server.listen(0, '127.0.0.1');
    try {
      const started = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/ready`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'database unavailable' });
      expect(performance.now() - started).toBeLessThan(2_000);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      await server.close();
      await rateLimitStore.close();
    }
  });

  it('survives the database killing its idle connections, and recovers by itself', async () => {
    const hub = await startHubWithOptions();
    const admin = new Client({ connectionString: process.env.HUB_TEST_DATABASE_URL });
    await admin.connect();
    try {
      const user = await buildUser(hub.dataSource);
      const token = await hub.tokenFor(user.email);
      // Fill the pool with idle connections.
      await Promise.all(Array.from({ length: 5 }, () => hub.gql(ME, {}, token)));
      const pool = (hub.dataSource.driver as unknown as { master: { _clients: { processID: number }[] } }).master;
      const pids = pool._clients.map((c) => c.processID);
      expect(pids.length).toBeGreaterThan(0);
      // Only this hub's connections: other suites share the server.
      await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(pool._clients.map((c) => c.processID).filter((pid) => pids.includes(pid))).toEqual([]);
      // The process is still here, and the next requests open new connections.
      expect((await hub.raw('/ready')).status).toBe(200);
      const res = await hub.gql(ME, {}, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.me.id).toBe(user.id);
    } finally {
      await admin.end();
      await hub.close();
    }
  });
});

describe('the development IDE', () => {
  let hub: OptionsHub;
  beforeAll(async () => {
    hub = await startHubWithOptions();
  });
  afterAll(() => hub.close());

  it('is Ruru (GraphiQL) served by the hub itself from node_modules, with nothing loaded from elsewhere', async () => {
    const res = await hub.raw('/graphql', { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self' 'nonce-[^']+'.*connect-src 'self'/);
    expect(res.text).toContain('ASB Case Review Hub');
    expect(res.text).toContain('id="hub-token"');
    // Every script and stylesheet it names is the hub's own, and is there.
    expect(res.text).not.toMatch(/https?:\/\/|\/\/cdn|unpkg|jsdelivr/i);
    const assets = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset.startsWith(IDE_STATIC_PATH)).toBe(true);
      expect({ asset, status: (await hub.raw(asset)).status }).toEqual({ asset, status: 200 });
    }
    // The page's inline scripts all carry the nonce the policy allows.
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy')!)![1];
    expect([...res.text.matchAll(/<script([^>]*)>/g)].every((m) => m[1].includes(`nonce="${nonce}"`))).toBe(true);
  });

  it('reads the schema with the standard introspection query, which development allows', async () => {
    const res = await hub.post({ query: getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true }) });
    expect(res.status).toBe(200);
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.__schema.queryType.name).toBe('Query');
  });

  it('is not served in production', async () => {
    const prod = await startHubWithOptions({ production: true });
    try {
      const page = await prod.raw('/graphql', { headers: { accept: 'text/html' } });
      expect(page.text).not.toContain('hub-token');
      expect((await prod.raw(`${IDE_STATIC_PATH}ruru.js`)).status).toBe(404);
    } finally {
      await prod.close();
    }
  });

  it('leaves JSON clients and unknown paths to the API', async () => {
    const json = await hub.raw(`/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': '1' } });
    expect(json.json).toEqual({ data: { __typename: 'Query' }, extensions: { sqlStatements: 0 } });
    const missing = await hub.raw('/nope');
    expect(missing.status).toBe(404);
    expect(missing.json.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('shutting down', () => {
  it('refuses new work once close() has begun', async () => {
    const hub = await startHubWithOptions({ shutdownGraceMs: 2_000 });
    expect((await hub.raw('/health')).status).toBe(200);
    const closing = hub.server.close();
    const during = await hub.raw('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: ME }) }).catch(
      (error: Error) => ({ status: 0, json: null, error }),
    );
    // Either the listener is already closed (connection refused) or the request is told to come back.
    if (during.status !== 0) {
      expect(during.status).toBe(503);
      expect(during.json.errors[0].extensions.code).toBe('SHUTTING_DOWN');
    }
    await closing;
    await hub.dataSource.destroy();
  });
});

describe('slow and deep requests', () => {
  let hub: OptionsHub;
  beforeAll(async () => {
    hub = await startHubWithOptions();
  });
  afterAll(() => hub.close());

  it(`cut a client that has not sent its headers within ${HEADERS_TIMEOUT_MS / 1000} s (README), not 30 s later`, async () => {
    const port = Number(new URL(hub.url).port);
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const opened = Date.now();
    socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\n');
    // Trickle a header line every 2 s: each is progress, but the headers never end.
    const trickle = setInterval(() => socket.write(`X-Slow-${Date.now()}: 1\r\n`), 2_000);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    await new Promise((resolve) => socket.once('close', resolve));
    clearInterval(trickle);
    const lasted = Date.now() - opened;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(lasted).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 500);
    expect(lasted).toBeLessThan(HEADERS_TIMEOUT_MS + 2_500);
  }, 30_000);

  it('refuse a JSON body nested deeper than 64 levels with 400 before any work, even 100,000 deep, without a token', async () => {
    const deep = `{"query":"{ me { id } }","variables":{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const res = await hub.post(deep);
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toEqual({ message: 'JSON nested deeper than 64 levels', extensions: { code: 'BAD_REQUEST' } });
    const objects = await hub.post(`{"query":"{ me { id } }","variables":${'{"a":'.repeat(65)}1${'}'.repeat(65)}}`);
    expect(objects.status).toBe(400);
    // Brackets inside strings are text, not nesting.
    const text = await hub.post({ query: '{ __typename }', variables: { note: '['.repeat(1000) } });
    expect(text.status).toBe(200);
    expect((await hub.raw('/health')).status).toBe(200);
  });
});

describe('the public statistics CSV', () => {
  let hub: OptionsHub;
  beforeAll(async () => {
    hub = await startHubWithOptions({ rateLimit: { perAddress: 1000, perUser: 1000, publicPerAddress: 5 } });
  });
  afterAll(() => hub.close());

  it('is rate limited per address, and its answer is kept for a minute (the statistics queries run once)', async () => {
    const partnership = await buildPartnership(hub.dataSource);
    const url = `/partnerships/${partnership.code}/statistics.csv?period=FINANCIAL_YEAR&from=2020&to=2024`;
    const first = await hub.raw(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    // Renamed behind the hub's back: computed again, the same URL would answer 404; kept, it answers as before.
    await hub.dataSource.query('UPDATE partnership SET code = $1 WHERE id = $2', [`${partnership.code}-R`, partnership.id]);
    const again = await hub.raw(url);
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await hub.raw(url)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await hub.raw(url);
    expect(limited.status).toBe(429);
    expect(limited.json.errors[0].extensions.code).toBe('RATE_LIMITED');
    // The API and the probes keep their own budgets.
    expect((await hub.raw('/health')).status).toBe(200);
    expect((await hub.post({ query: '{ __typename }' })).status).toBe(200);
  });
});
