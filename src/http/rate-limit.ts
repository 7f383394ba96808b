import { isIP } from 'node:net';
import type { RequestHandler, Response } from 'express';
import { sendGraphQLError } from './http-errors';

/**
 * A token bucket per key (a client address or a user), in this process's
 * memory: `perMinute` requests a minute sustained, bursts of up to `perMinute`.
 * One hub process counts alone: several processes behind a balancer would each
 * allow the full rate (a shared store is the next step if the hub is scaled out).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    readonly perMinute: number,
    /** Past this many keys, buckets that have filled up again are dropped (bounded memory). */
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one request from `key`'s bucket: 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      bucket = { tokens: this.perMinute, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.perMinute) this.buckets.delete(key);
    }
    // Still full (a flood of distinct keys): forget the oldest half rather than grow without bound.
    if (this.buckets.size >= this.maxKeys) {
      let drop = Math.ceil(this.buckets.size / 2);
      for (const key of this.buckets.keys()) {
        if (drop-- <= 0) break;
        this.buckets.delete(key);
      }
    }
  }
}

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
  return (req, res, next) => {
    const wait = limiter.take(addressKey(req.ip ?? req.socket.remoteAddress ?? 'unknown'));
    if (wait > 0) return sendRateLimited(res, wait, 'address');
    next();
  };
}

/** Limits requests per signed-in user; `subjectOf` gives the verified token's subject (null: anonymous). */
export function limitPerUser(limiter: RateLimiter, subjectOf: (res: Response) => string | null): RequestHandler {
  return (_req, res, next) => {
    const subject = subjectOf(res);
    if (subject) {
      const wait = limiter.take(subject);
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
