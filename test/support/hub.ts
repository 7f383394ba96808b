import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { DataSource } from 'typeorm';
import { signToken, TokenVerifier } from '../../src/common/auth';
import { loadConfig } from '../../src/config';
import { createLogger, type Logger } from '../../src/common/logger';
import { createDataSource } from '../../src/database/data-source';
import { buildHubSchema } from '../../src/graphql/schema';
import { RateLimitStore } from '../../src/http/rate-limit';
import { createHubServer, type HubServer } from '../../src/http/server';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export type GraphQLResponse<T = any> = {
  status: number;
  /** Typed as present for brevity in tests; it is null when the operation was refused. */
  data: T;
  errors?: { message: string; path?: (string | number)[]; extensions: { code: string; field?: string; reason?: string } }[];
  extensions?: { sqlStatements?: number };
};

export type TestHub = {
  url: string;
  dataSource: DataSource;
  /** Sends one GraphQL operation over HTTP, as a client would. */
  gql<T = any, V = Record<string, unknown>>(
    query: string | TypedDocumentNode<T, V>,
    variables?: V,
    token?: string | null,
  ): Promise<GraphQLResponse<T>>;
  tokenFor(email: string, opts?: { expiresIn?: string }): Promise<string>;
  close(): Promise<void>;
};

/** Boots the real server (schema, shield, HTTP) on a free port against the test database. */
export async function startTestHub(opts: { databaseUrl?: string; poolSize?: number } = {}): Promise<TestHub> {
  const databaseUrl = opts.databaseUrl ?? process.env.HUB_TEST_DATABASE_URL;
  if (!databaseUrl) throw new Error('HUB_TEST_DATABASE_URL is not set: run the tests through jest (globalSetup)');
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, AUTH_JWT_SECRET: TEST_JWT_SECRET });
  const dataSource = createDataSource(databaseUrl, opts.poolSize ?? 10);
  await dataSource.initialize();
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const rateLimitStore = await testRateLimitStore(databaseUrl, log);
  const server: HubServer = await createHubServer({
    schema: await buildHubSchema(),
    dataSource,
    verifier: await TokenVerifier.fromConfig(config),
    log,
    reportSqlCount: true,
    rateLimitStore,
  });
  const port = await server.listen(0);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    dataSource,
    async gql(query, variables, token) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: typeof query === 'string' ? query : print(query), variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
      return { status: response.status, ...body };
    },
    tokenFor: (email, opts) => signToken(TEST_JWT_SECRET, email, opts),
    async close() {
      await server.close();
      await rateLimitStore.close();
      await dataSource.destroy();
    },
  };
}

/**
 * The rate limits' shared store on the test database (PostgreSQL, as a hub without
 * REDIS_URL has it), its keys under a namespace of this hub's own: the suites' hubs
 * run side by side on one database and one address, and must not count each other.
 */
export function testRateLimitStore(databaseUrl: string, log: Logger): Promise<RateLimitStore> {
  return RateLimitStore.open({ postgresUrl: databaseUrl, namespace: `test-${randomUUID()}`, log });
}

/** The codes of a response's errors, in order. */
export function codes(response: GraphQLResponse): string[] {
  return (response.errors ?? []).map((e) => e.extensions.code);
}
