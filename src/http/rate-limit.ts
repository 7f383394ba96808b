import { createHmac, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { RequestHandler, Response } from 'express';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../common/logger';
import { sendGraphQLError } from './http-errors';

/*
 * Rate limits that hold for the hub as a whole, however many processes and
 * hosts serve it: every count lives in one store that all of them share,
 * through rate-limiter-flexible (maintained, with the same counting over
 * Redis, PostgreSQL and memory). Redis when REDIS_URL is set; otherwise the
 * hub's own PostgreSQL (table rate_limit, through the owner's connection).
 * Each limit counts requests per key in fixed windows of a minute.
 *
 * When the store cannot be reached, each process counts on its own in memory
 * until it can (logged, at most every 30 s): the hub keeps answering, with
 * limits that then hold per process.
 *
 * A key (an email, a client address) is personal data: the store holds only
 * its HMAC under a key every process shares (hub_secret), so neither the table
 * nor Redis holds an address or an email, and an erasure leaves nothing there.
 */

/** The longest a request waits for the store before its process counts alone (ms). */
const STORE_TIMEOUT_MS = 1_000;
const WINDOW_SECONDS = 60;

export type RateLimitStoreKind = 'redis' | 'postgres';

/** The shared counts: one connection (Redis) or a small pool (PostgreSQL) per process, closed with the server. */
export class RateLimitStore {
  private lastWarning = 0;

  private constructor(
    readonly kind: RateLimitStoreKind,
    private readonly client: Redis | Pool,
    private readonly namespace: string,
    private readonly keySecret: Buffer,
    private readonly log: Logger,
  ) {}

  /**
   * Redis at `redisUrl` when given, else PostgreSQL at `postgresUrl` (the owner's:
   * hub_app has no access to rate_limit). `keySecret` is what the keys are hashed
   * with: the same in every process that must share counts (default: one of this
   * store's own). `namespace` prefixes every key, so hubs that must not share
   * counts (tests on one database) do not.
   */
  static async open(opts: { redisUrl?: string; postgresUrl: string; keySecret?: Buffer; namespace?: string; log: Logger }): Promise<RateLimitStore> {
    const namespace = opts.namespace ?? 'hub';
    const keySecret = opts.keySecret ?? randomBytes(32);
    if (opts.redisUrl) {
      // No offline queue: while Redis is away a count fails at once (and the process counts alone) rather than waiting.
      const redis = new Redis(opts.redisUrl, { enableOfflineQueue: false, lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: STORE_TIMEOUT_MS, connectionName: 'asb-hub-rate-limits' });
      redis.on('error', () => undefined); // reported by the limiter when a count fails; ioredis reconnects by itself
      try {
        await redis.connect();
      } catch (error) {
        redis.disconnect();
        throw new Error(`REDIS_URL: cannot reach Redis (${error instanceof Error ? error.message : String(error)})`);
      }
      return new RateLimitStore('redis', redis, namespace, keySecret, opts.log);
    }
    const pool = new Pool({
      connectionString: opts.postgresUrl,
      max: 4,
      application_name: 'hub-rate-limits',
      connectionTimeoutMillis: STORE_TIMEOUT_MS,
      statement_timeout: STORE_TIMEOUT_MS,
      query_timeout: STORE_TIMEOUT_MS,
    });
    pool.on('error', () => undefined); // an idle connection dropped: the pool opens another on demand
    return new RateLimitStore('postgres', pool, namespace, keySecret, opts.log);
  }

  /** A limit of `perMinute` requests a minute per key, counted under `name`. */
  limiter(name: string, perMinute: number): RateLimiter {
    const keyPrefix = `${this.namespace}:${name}`;
    const common = {
      keyPrefix,
      points: perMinute,
      duration: WINDOW_SECONDS,
      // A key past its limit is refused by this process until its window ends, without asking the store again.
      inMemoryBlockOnConsumed: perMinute + 1,
    };
    const shared: RateLimiterAbstract =
      this.client instanceof Redis
        ? new RateLimiterRedis({ ...common, storeClient: this.client, rejectIfRedisNotReady: true })
        : new RateLimiterPostgres({ ...common, storeClient: this.client, storeType: 'pool', tableName: 'rate_limit', tableCreated: true });
    return new RateLimiter(
      shared,
      new RateLimiterMemory({ keyPrefix, points: perMinute, duration: WINDOW_SECONDS }),
      (key) => createHmac('sha256', this.keySecret).update(key).digest('base64url'),
      (error) => this.storeFailed(name, error),
    );
  }

  async close(): Promise<void> {
    if (this.client instanceof Redis) this.client.disconnect();
    else await this.client.end();
  }

  private storeFailed(limit: string, error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < 30_000) return;
    this.lastWarning = now;
    this.log.warn({ store: this.kind, limit, err: error }, 'the rate limits\' store did not answer: this process counts alone until it does');
  }
}

/** One limit: `take(key)` answers 0 when the request may go on, else the seconds to wait. */
export class RateLimiter {
  constructor(
    private readonly shared: RateLimiterAbstract,
    private readonly alone: RateLimiterMemory,
    private readonly hashed: (key: string) => string,
    private readonly onStoreError: (error: unknown) => void,
  ) {}

  async take(rawKey: string): Promise<number> {
    const key = this.hashed(rawKey);
    try {
      await this.shared.consume(key);
      return 0;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return secondsToWait(refusal);
      this.onStoreError(refusal);
    }
    try {
      await this.alone.consume(key);
      return 0;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return secondsToWait(refusal);
      throw refusal;
    }
  }
}

const secondsToWait = (refusal: RateLimiterRes) => Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));

export type RateLimitOptions = {
  /** Requests a minute from one client address (0: no limit). */
  perAddress: number;
  /** Requests a minute from one signed-in user, whatever their address (0: no limit). */
  perUser: number;
  /** Requests a minute from one client address to the public paths other than /graphql (the statistics CSV, the IDE); 0: no limit. */
  publicPerAddress?: number;
};

/** The refusal: HTTP 429 with Retry-After, and a GraphQL-shaped body any client can read. */
export function sendRateLimited(res: Response, retryAfter: number, scope: 'address' | 'user'): void {
  res.set('Retry-After', String(retryAfter));
  sendGraphQLError(res, 429, `Too many requests from this ${scope}; retry after ${retryAfter} s`, 'RATE_LIMITED', { retryAfter });
}

/** Limits requests per client address (req.ip: the socket's address unless TRUST_PROXY says otherwise). */
export function limitPerAddress(limiter: RateLimiter): RequestHandler {
  return async (req, res, next) => {
    const wait = await limiter.take(addressKey(req.ip ?? req.socket.remoteAddress ?? 'unknown'));
    if (wait > 0) return sendRateLimited(res, wait, 'address');
    next();
  };
}

/** Limits requests per signed-in user; `subjectOf` gives the verified token's subject (null: anonymous). */
export function limitPerUser(limiter: RateLimiter, subjectOf: (res: Response) => string | null): RequestHandler {
  return async (_req, res, next) => {
    const subject = subjectOf(res);
    if (subject) {
      const wait = await limiter.take(subject);
      if (wait > 0) return sendRateLimited(res, wait, 'user');
    }
    next();
  };
}

/**
 * IPv4 as is (also when IPv4-mapped); IPv6 by its /64, the block one
 * host is usually given, so rotating addresses inside it does not help.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) !== 6) return address;
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
