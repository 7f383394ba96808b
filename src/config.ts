import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every environment variable the hub reads, parsed and checked once at startup.
 * Nothing else in the code reads process.env.
 */
const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    DATABASE_URL: z.string().url().optional(),
    DATABASE_APP_URL: z.string().url().optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    HUB_DATA_DIR: z.string().optional(),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
    AUTH_JWT_SECRET: z.string().min(32, 'AUTH_JWT_SECRET must be at least 32 characters').optional(),
    AUTH_JWKS_URL: z.string().url().optional(),
    AUTH_ISSUER: z.string().optional(),
    AUTH_AUDIENCE: z.string().optional(),
    // Longest a bearer token may live (exp - iat): a stolen token stops working within a day.
    AUTH_MAX_TOKEN_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
    BOOTSTRAP_ADMIN_EMAIL: z.string().email().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
    HUB_DEMO_DATA: z.enum(['0', '1', 'true', 'false']).optional(),
    // Run the background jobs (reminders, retention) in this process; several processes may all run them.
    HUB_JOBS: z
      .enum(['0', '1', 'true', 'false'])
      .default('1')
      .transform((v) => v === '1' || v === 'true'),
    // Where reminders are mailed (smtp://user:pass@host:587, smtps://...); unset: they are written to the log.
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().min(3).default('ASB Case Review Hub <reminders@asb-case-review-hub.invalid>'),
    // Hub processes serving requests on this host, sharing its port (node:cluster); unset: one per CPU.
    HUB_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
    // Redis for the counts every hub process must share (rate limits); unset: the hub's PostgreSQL.
    REDIS_URL: z
      .string()
      .url()
      .refine((url) => /^rediss?:$/.test(new URL(url).protocol), 'REDIS_URL must be redis:// or rediss://')
      .optional(),
    HUB_REPORT_SQL_COUNT: z
      .enum(['0', '1', 'true', 'false'])
      .default('0')
      .transform((v) => v === '1' || v === 'true'),
    // --- Limits against hostile input and load (README, "Limits, load and faults"). ---
    // Query documents: nesting, aliases, directives, lexical tokens, cost with variables (src/graphql/cost.ts).
    QUERY_MAX_DEPTH: z.coerce.number().int().min(1).default(10),
    QUERY_MAX_ALIASES: z.coerce.number().int().min(0).default(20),
    QUERY_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(10),
    QUERY_MAX_TOKENS: z.coerce.number().int().min(100).default(1000),
    QUERY_MAX_COST: z.coerce.number().int().min(1).default(30_000),
    // Largest request body (bytes): a batch of 1000 incidents with long summaries fits.
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
    // Largest answer (bytes), counted while it is built; unset: a sixteenth of V8's heap limit (src/http/server.ts).
    MAX_RESPONSE_BYTES: z.coerce.number().int().min(1024).optional(),
    // Requests a minute, per client address and per signed-in user (0: no limit); counted in the shared store (REDIS_URL or PostgreSQL).
    RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(0).default(1200),
    RATE_LIMIT_PER_USER: z.coerce.number().int().min(0).default(600),
    // Requests a minute from one address to the public paths other than /graphql (statistics CSV, IDE files).
    RATE_LIMIT_PUBLIC_PER_ADDRESS: z.coerce.number().int().min(0).default(60),
    // Express 'trust proxy': unset (the socket's address), true, a hop count, or addresses/subnets of the proxies.
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v === '' || v === 'false' ? undefined : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v)),
    // Time a client has to send a whole request; /ready's bound on its SELECT 1.
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
    READY_TIMEOUT_MS: z.coerce.number().int().min(100).default(2_000),
  })
  .superRefine((env, ctx) => {
    if (env.AUTH_JWKS_URL && !(env.AUTH_ISSUER && env.AUTH_AUDIENCE)) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWKS_URL'], message: 'AUTH_JWKS_URL needs AUTH_ISSUER and AUTH_AUDIENCE' });
    }
    if (env.AUTH_JWKS_URL && env.AUTH_JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWKS_URL'], message: 'set AUTH_JWKS_URL or AUTH_JWT_SECRET, not both' });
    }
    if (env.DATABASE_URL && !env.AUTH_JWKS_URL && !env.AUTH_JWT_SECRET) {
      // A generated secret is only for the embedded, single-machine default.
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_SECRET'], message: 'with DATABASE_URL set, AUTH_JWT_SECRET or AUTH_JWKS_URL is required' });
    }
  });

export type Config = {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  databaseUrl?: string;
  /** The requests' connection, as hub_app (no ownership, no BYPASSRLS); migrations use databaseUrl. */
  databaseAppUrl?: string;
  poolSize: number;
  dataDir: string;
  embeddedPgPort: number;
  auth:
    | { kind: 'secret'; secret?: string; issuer?: string; audience?: string }
    | { kind: 'jwks'; jwksUrl: string; issuer: string; audience: string };
  /** Longest lifetime of a token (hours): exp is required, exp - iat (or exp - now) at most this. */
  authMaxTokenHours: number;
  bootstrapAdminEmail?: string;
  logLevel: string;
  shutdownGraceMs: number;
  reportSqlCount: boolean;
  /** Run the background jobs (HUB_JOBS): in the hub's one process, or in the primary of a cluster. */
  runJobs: boolean;
  /** Processes serving requests (HUB_WORKERS; default one per CPU). 1: the hub runs alone, without node:cluster. */
  workers: number;
  /** Where the rate limits count, shared by every hub process (REDIS_URL; unset: the hub's PostgreSQL). */
  redisUrl?: string;
  /** Reminders' mail: SMTP_URL (unset: the log) and the sender. */
  mail: { smtpUrl?: string; from: string };
  /** Seed the fictional demo partnership into a fresh hub (default: on for the embedded database only). */
  demoData: boolean;
  /** Limits against hostile input and load: query documents, rate, body size, HTTP and readiness timeouts. */
  limits: {
    query: { maxDepth: number; maxAliases: number; maxDirectives: number; maxTokens: number; maxCost: number };
    rateLimit: { perAddress: number; perUser: number; publicPerAddress: number };
    maxBodyBytes: number;
    /** Unset: defaultMaxResponseBytes() (a sixteenth of the heap limit). */
    maxResponseBytes?: number;
    requestTimeoutMs: number;
    readyTimeoutMs: number;
    trustProxy?: boolean | number | string;
  };
};

export class ConfigError extends Error {}

/** The checkout's root (the folder holding package.json), whether running from src/ or dist/src/. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new ConfigError('cannot find the project root (no package.json above the code)');
    dir = parent;
  }
  return dir;
}

/** Parses the environment (process.env by default); throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseAppUrl: e.DATABASE_APP_URL,
    poolSize: e.DATABASE_POOL_SIZE,
    dataDir: path.resolve(e.HUB_DATA_DIR ?? path.join(projectRoot(), '.data')),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    auth: e.AUTH_JWKS_URL
      ? { kind: 'jwks', jwksUrl: e.AUTH_JWKS_URL, issuer: e.AUTH_ISSUER!, audience: e.AUTH_AUDIENCE! }
      : { kind: 'secret', secret: e.AUTH_JWT_SECRET, issuer: e.AUTH_ISSUER, audience: e.AUTH_AUDIENCE },
    authMaxTokenHours: e.AUTH_MAX_TOKEN_HOURS,
    bootstrapAdminEmail: e.BOOTSTRAP_ADMIN_EMAIL?.toLowerCase(),
    logLevel: e.LOG_LEVEL,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    reportSqlCount: e.HUB_REPORT_SQL_COUNT,
    runJobs: e.HUB_JOBS,
    workers: e.HUB_WORKERS ?? os.availableParallelism(),
    redisUrl: e.REDIS_URL,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    demoData: e.HUB_DEMO_DATA === undefined ? !e.DATABASE_URL : e.HUB_DEMO_DATA === '1' || e.HUB_DEMO_DATA === 'true',
    limits: {
      query: {
        maxDepth: e.QUERY_MAX_DEPTH,
        maxAliases: e.QUERY_MAX_ALIASES,
        maxDirectives: e.QUERY_MAX_DIRECTIVES,
        maxTokens: e.QUERY_MAX_TOKENS,
        maxCost: e.QUERY_MAX_COST,
      },
      rateLimit: { perAddress: e.RATE_LIMIT_PER_ADDRESS, perUser: e.RATE_LIMIT_PER_USER, publicPerAddress: e.RATE_LIMIT_PUBLIC_PER_ADDRESS },
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxResponseBytes: e.MAX_RESPONSE_BYTES,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      readyTimeoutMs: e.READY_TIMEOUT_MS,
      trustProxy: e.TRUST_PROXY,
    },
  };
}
