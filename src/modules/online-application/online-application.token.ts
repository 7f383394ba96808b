import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a form page's token is accepted. */
const TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

/**
 * The form's CSRF token: an HMAC of the partnership's code and the time the form
 * was served, under a key this process made at start. A page from another site
 * cannot read it, so a cross-site form post cannot carry it. A token from another
 * hub process (or from before a restart) is refused like an old one: the form
 * comes back with a fresh token and the applicant sends it again.
 */
export class FormTokens {
  private readonly key = randomBytes(32);

  constructor(private readonly now: () => number = Date.now) {}

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
