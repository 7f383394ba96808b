// npm run token -- <email> [expiry]: prints a bearer token for that user, signed
// with the configured secret (AUTH_JWT_SECRET, or the embedded default's own).
import { loadConfig } from '../config';
import { resolveJwtSecret, signToken } from '../common/auth';

async function main(): Promise<void> {
  const [email, expiresIn = '12h'] = process.argv.slice(2);
  if (!email) {
    console.error('usage: npm run token -- <email> [expiry, e.g. 12h]');
    process.exit(2);
  }
  const config = loadConfig();
  if (config.auth.kind !== 'secret') {
    console.error('AUTH_JWKS_URL is set: tokens come from your identity provider, not from the hub.');
    process.exit(2);
  }
  const secret = await resolveJwtSecret(config);
  console.log(await signToken(secret, email, { expiresIn, issuer: config.auth.issuer, audience: config.auth.audience }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
