import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config';

/**
 * Verifies bearer tokens with jose: HS256 with a shared secret, or an identity
 * provider's published keys (JWKS). A token only says who the caller is (its
 * `sub`, an email); what they may do comes from the hub's own records.
 */
export class TokenVerifier {
  private constructor(
    private readonly key: Uint8Array | JWTVerifyGetKey,
    private readonly algorithms: string[],
    private readonly maxLifetimeSeconds: number,
    private readonly issuer?: string,
    private readonly audience?: string,
  ) {}

  static async fromConfig(config: Config): Promise<TokenVerifier> {
    if (config.auth.kind === 'jwks') {
      return new TokenVerifier(
        createRemoteJWKSet(new URL(config.auth.jwksUrl)),
        ['RS256', 'PS256', 'ES256', 'EdDSA'],
        config.authMaxTokenHours * 3600,
        config.auth.issuer,
        config.auth.audience,
      );
    }
    const secret = await resolveJwtSecret(config);
    return new TokenVerifier(new TextEncoder().encode(secret), ['HS256'], config.authMaxTokenHours * 3600, config.auth.issuer, config.auth.audience);
  }

  /** The token's subject (an email, lower-cased), or null when the token is not valid for any reason. */
  async subject(token: string, now = Date.now()): Promise<string | null> {
    try {
      const { payload } = await jwtVerify(token, this.key as Uint8Array, {
        algorithms: this.algorithms,
        issuer: this.issuer,
        audience: this.audience,
        requiredClaims: ['exp'],
      });
      if (!lifetimeAllowed(payload, Math.floor(now / 1000), this.maxLifetimeSeconds)) return null;
      // Users' emails are ASCII (createUser refuses others), and toLowerCase() would fold some
      // non-ASCII letters into ASCII ones (the Kelvin sign into k): such a subject is no one.
      const sub = payload.sub;
      return typeof sub === 'string' && sub.length > 0 && /^[\x21-\x7e]+$/.test(sub) ? sub.toLowerCase() : null;
    } catch {
      return null;
    }
  }
}

/** Clock skew allowed for a token's iat: a token issued further in the future is refused. */
const IAT_SKEW_SECONDS = 60;

/**
 * A token without an expiry would never stop working, and one issued "in the
 * future" or for weeks outlives the hub's promise that a leaked token dies
 * within AUTH_MAX_TOKEN_HOURS: exp is required, iat at most 60 s ahead, and
 * exp - iat (exp - now without iat) at most the maximum.
 */
export function lifetimeAllowed(payload: { exp?: unknown; iat?: unknown }, nowSeconds: number, maxLifetimeSeconds: number): boolean {
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) return false;
  if (payload.iat !== undefined) {
    if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) return false;
    if (payload.iat > nowSeconds + IAT_SKEW_SECONDS) return false;
    return payload.exp - payload.iat <= maxLifetimeSeconds;
  }
  return payload.exp - nowSeconds <= maxLifetimeSeconds;
}

/** The HS256 secret: AUTH_JWT_SECRET, or (embedded default only) one generated once and kept under the data folder. */
export async function resolveJwtSecret(config: Config): Promise<string> {
  if (config.auth.kind !== 'secret') throw new Error('tokens are issued by the identity provider (AUTH_JWKS_URL), not by the hub');
  if (config.auth.secret) return config.auth.secret;
  const file = path.join(config.dataDir, 'jwt-secret');
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  await fs.mkdir(config.dataDir, { recursive: true, mode: 0o711 });
  const secret = randomBytes(48).toString('base64url');
  // 'wx': two processes starting at once must not overwrite each other's secret.
  await fs.writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return (await fs.readFile(file, 'utf8')).trim();
}

/** Signs an HS256 token for `email` (for `npm run token`, the demo and the tests). */
export async function signToken(
  secret: string,
  email: string,
  opts: { expiresIn?: string; issuer?: string; audience?: string } = {},
): Promise<string> {
  let jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(email.toLowerCase())
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '12h');
  if (opts.issuer) jwt = jwt.setIssuer(opts.issuer);
  if (opts.audience) jwt = jwt.setAudience(opts.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
