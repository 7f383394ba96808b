import { print } from 'graphql';
import pino from 'pino';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { signToken, TokenVerifier } from '../../src/common/auth';
import { loadConfig } from '../../src/config';
import { createDataSource } from '../../src/database/data-source';
import { buildHubSchema } from '../../src/graphql/schema';
import { RateLimitStore } from '../../src/http/rate-limit';
import { createHubServer, type HubServer, type HubServerOptions } from '../../src/http/server';
import { TEST_JWT_SECRET, testRateLimitStore, type GraphQLResponse, type TestHub } from '../support/hub';

export type Raw = { status: number; headers: Headers; text: string; json: any };

/** A TestHub built with chosen server options (production mode, rate limits, limits...), plus raw HTTP access. */
export type OptionsHub = TestHub & {
  server: HubServer;
  /** Any HTTP request to the hub; the body is read as text and parsed as JSON when it is JSON. */
  raw(path: string, init?: RequestInit): Promise<Raw>;
  /** POSTs `body` (a string is sent as is) as application/json unless headers say otherwise. */
  post(body: unknown, headers?: Record<string, string>): Promise<Raw>;
};

type Extra = Omit<HubServerOptions, 'schema' | 'dataSource' | 'verifier' | 'log' | 'rateLimitStore'> & { rateLimitStore?: RateLimitStore };

/** Like test/support/hub.ts's startTestHub, with createHubServer options of the test's choosing. */
export async function startHubWithOptions(options: Extra = {}): Promise<OptionsHub> {
  const databaseUrl = process.env.HUB_TEST_DATABASE_URL;
  if (!databaseUrl) throw new Error('HUB_TEST_DATABASE_URL is not set: run the tests through jest (globalSetup)');
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, AUTH_JWT_SECRET: TEST_JWT_SECRET });
  const dataSource = createDataSource(databaseUrl, 10);
  await dataSource.initialize();
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  // The shared store on the test database, keyed for this hub alone: hubs of other suites run beside it.
  const ownStore = options.rateLimitStore ? null : await testRateLimitStore(databaseUrl, log);
  const server = await createHubServer({
    schema: await buildHubSchema(),
    dataSource,
    verifier: await TokenVerifier.fromConfig(config),
    log,
    reportSqlCount: true,
    ...options,
    rateLimitStore: options.rateLimitStore ?? ownStore!,
  });
  const port = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const raw = async (path: string, init?: RequestInit): Promise<Raw> => {
    const response = await fetch(`${url}${path}`, init);
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, text, json };
  };
  return {
    url,
    dataSource,
    server,
    raw,
    post: (body, headers = {}) =>
      raw('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body),
      }),
    async gql<T = any, V = Record<string, unknown>>(query: string | TypedDocumentNode<T, V>, variables?: V, token?: string | null) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: typeof query === 'string' ? query : print(query), variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
      return { status: response.status, ...body } as GraphQLResponse<T>;
    },
    tokenFor: (email, opts) => signToken(TEST_JWT_SECRET, email, opts),
    async close() {
      await server.close();
      await ownStore?.close();
      await dataSource.destroy();
    },
  };
}
