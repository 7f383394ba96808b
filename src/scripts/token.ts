// npm run token -- <email> [expiry]: prints a bearer token for that user, signed
// with the configured secret (AUTH_JWT_SECRET, or the embedded default's own).
import { loadConfig } from '../config';
import { resolveJwtSecret, signToken } from '../common/auth';

async function main(): Promise<void> {
  const [email, requested] = process.argv.slice(2);
  if (!email) {
    console.error('usage: npm run token -- <email> [expiry, e.g. 12h]');
    process.exit(2);
  }
  const config = loadConfig();
  // 12 hours by default, or less when AUTH_MAX_TOKEN_HOURS says so.
  const expiresIn = requested ?? `${Math.floor(Math.min(12, config.authMaxTokenHours) * 60)}m`;
  if (config.auth.kind !== 'secret') {
    console.error('AUTH_JWKS_URL is set: tokens come from your identity provider, not from the hub.');
    process.exit(2);
  }
  // The hub refuses tokens that live longer than AUTH_MAX_TOKEN_HOURS: say so here rather than print a useless one.
  const hours = expiryHours(expiresIn);
  if (hours === null || hours > config.authMaxTokenHours) {
    console.error(`expiry must be a duration of at most AUTH_MAX_TOKEN_HOURS (${config.authMaxTokenHours}h), e.g. 12h or 30m`);
    process.exit(2);
  }
  const secret = await resolveJwtSecret(config);
  console.log(await signToken(secret, email, { expiresIn, issuer: config.auth.issuer, audience: config.auth.audience }));
}

/** "12h", "30m", "90s", "1d" in hours; null when not such a duration. */
function expiryHours(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) / { s: 3600, m: 60, h: 1, d: 1 / 24 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
