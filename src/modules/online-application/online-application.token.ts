import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a form page's token is accepted. */
const TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

/**
 * The form's CSRF token: an HMAC of the partnership's code and the time the form
 * was served, under the hub's form key (hub_secret, the same in every process and
 * across restarts, src/database/shared-keys.ts). A page from another site cannot
 * read it, so a cross-site form post cannot carry it; a form served by one hub
 * process is accepted by any other.
 */
export class FormTokens {
  constructor(
    /** The hub's shared key; a key of this instance's own when absent (a hub in a test, alone). */
    private readonly key: Buffer = randomBytes(32),
    private readonly now: () => number = Date.now,
  ) {}

  issue(code: string): string {
    const at = String(this.now());
    return `${at}.${this.mac(code, at)}`;
  }

  check(code: string, token: string | undefined): boolean {
    const match = /^(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
    if (!match) return false;
    const age = this.now() - Number(match[1]);
    if (age < -60_000 || age > TOKEN_TTL_MS) return false;
    const expected = Buffer.from(this.mac(code, match[1]));
    const given = Buffer.from(match[2]);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private mac(code: string, at: string): string {
    return createHmac('sha256', this.key).update(`${code}|${at}`).digest('base64url');
  }
}
