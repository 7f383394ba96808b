import { randomBytes, randomUUID } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import type { DataSource } from 'typeorm';
import { HubError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import { addWorkingDays, londonDate } from '../../common/working-days';
import { createContext } from '../../graphql/context';
import { addressKey, type RateLimiter } from '../../http/rate-limit';
import { howToApplyText } from '../partnership/how-to-apply';
import { Partnership } from '../partnership/partnership.entity';
import { loadActor } from '../user/actor.loader';
import { ensureOnlineFormUser } from './online-application.actor';
import { renderForm, renderMessage, renderReceived, type PageContext } from './online-application.html';
import { FormTokens } from './online-application.token';
import { flatten, validateApplication, type FieldError } from './online-application.validate';

export type OnlineApplicationOptions = {
  dataSource: DataSource;
  log: Logger;
  /** Applications from one client address, counted with the hub's other processes (null: no limit); the form page itself is limited with the rest of the hub. */
  applicationLimit: RateLimiter | null;
  /** The hub's per-address limiter for the form page (none when absent). */
  pageLimit?: RequestHandler;
  /** The key of the form's CSRF tokens, the same in every hub process so a form served by one is accepted by another (default: this router's own). */
  formTokenKey?: Buffer;
};

/** Largest application body: 20 incidents of 5,000 characters and the rest fit with room to spare. */
export const MAX_APPLICATION_BYTES = 128 * 1024;

/**
 * The partnership's public application, no token needed (mounted at /partnerships):
 *   GET  /partnerships/{code}/apply         the form
 *   POST /partnerships/{code}/applications  a form post or JSON (contract-next.graphql)
 * Bounded: body size, field lengths, applications per address, a honeypot
 * field; CSRF-safe: a form post carries the page's token, and a request whose
 * Origin is another site is refused (a cross-site JSON post needs a CORS
 * preflight, which the hub never grants).
 */
export function onlineApplicationRoutes(opts: OnlineApplicationOptions): Router {
  const router = Router();
  const tokens = new FormTokens(opts.formTokenKey);
  const limiter = opts.applicationLimit;
  const pageLimit: RequestHandler = opts.pageLimit ?? ((_req, _res, next) => next());

  router.get('/:code/apply', pageLimit, async (req, res, next) => {
    try {
      const partnership = await findPartnership(opts.dataSource, req.params.code);
      const ctx = pageContext(partnership, String(req.params.code));
      secureHeaders(res, ctx.nonce);
      if (!partnership) return void res.status(404).type('html').send(renderMessage(ctx, 'Page not found', 'There is no partnership with this code.'));
      res.status(200).type('html').send(renderForm(ctx, tokens.issue(partnership.code)));
    } catch (error) {
      next(error);
    }
  });

  router.post(
    '/:code/applications',
    async (req, res, next) => {
      const wait = limiter ? await limiter.take(addressKey(req.ip ?? req.socket.remoteAddress ?? 'unknown')) : 0;
      if (wait === 0) return next();
      res.set('Retry-After', String(wait));
      const message = `Too many applications from this address; try again in ${wait} seconds.`;
      if (wantsJson(req)) return void res.status(429).json({ errors: [{ field: 'form', message }] });
      const ctx = pageContext(null, String(req.params.code));
      secureHeaders(res, ctx.nonce);
      res.status(429).type('html').send(renderMessage(ctx, 'Too many applications', message));
    },
    express.json({ limit: MAX_APPLICATION_BYTES }),
    express.urlencoded({ extended: false, limit: MAX_APPLICATION_BYTES, parameterLimit: 400 }),
    async (req, res, next) => {
      try {
        await receive(req, res);
      } catch (error) {
        next(error);
      }
    },
  );

  async function receive(req: Request, res: Response): Promise<void> {
    const json = req.is('application/json') === 'application/json';
    const form = req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
    const partnership = await findPartnership(opts.dataSource, req.params.code);
    const ctx = pageContext(partnership, String(req.params.code));
    const refuse = (status: number, errors: FieldError[], values: Record<string, string> = {}) => {
      if (json || !form) return void res.status(status).json({ errors });
      secureHeaders(res, ctx.nonce);
      res.status(status).type('html').send(renderForm(ctx, tokens.issue(partnership!.code), values, errors));
    };
    if (!json && !form) return void res.status(415).json({ errors: [{ field: 'form', message: 'Send application/json or a form (application/x-www-form-urlencoded)' }] });
    if (!partnership) {
      if (json) return void res.status(404).json({ errors: [{ field: 'code', message: 'No such partnership' }] });
      secureHeaders(res, ctx.nonce);
      return void res.status(404).type('html').send(renderMessage(ctx, 'Page not found', 'There is no partnership with this code.'));
    }
    if (!sameOrigin(req)) return refuse(403, [{ field: 'form', message: 'Applications are accepted only from this site' }]);
    const { values, errors: shapeErrors } = flatten(req.body, json);
    if (!json && !tokens.check(partnership.code, values.formToken)) {
      return refuse(400, [{ field: 'form', message: 'The form had expired or was not sent from this page. Check your answers and send it again.' }], values);
    }
    const now = new Date();
    const { input, errors } = shapeErrors.length > 0 ? { input: null, errors: shapeErrors } : validateApplication(values, partnership.id, now, londonDate(now), json);
    if (!input) return refuse(400, errors, values);

    const email = await ensureOnlineFormUser(opts.dataSource, partnership);
    const request = createContext(opts.dataSource, opts.log, randomUUID());
    let reference: string;
    try {
      // The request's transaction opens as the form's system user (RequestDb.openAs, inside loadActor).
      const actor = await loadActor(request.db, email, { system: true });
      if (!actor) throw new Error('the online application form has no user');
      reference = (await request.services.cases.submit(actor, input, now)).record.reference;
      await request.db.flushAccessLog();
      await request.db.finish(true);
    } catch (error) {
      await request.db.finish(false).catch(() => undefined);
      // The case-review service's own refusals name an input path (input.reportedIncidents.0.occurredOn).
      if (error instanceof HubError && error.extensions.code === 'BAD_USER_INPUT') {
        return refuse(400, [{ field: error.field?.replace(/^input\./, '') ?? 'form', message: error.message }], values);
      }
      throw error;
    }
    const dueOn = addWorkingDays(londonDate(now), partnership.responseWorkingDays);
    const next =
      `The Community Safety Team will check your application, ask the agencies about the incidents you reported and decide whether a case review will be held. ` +
      `They will write to you with the outcome by ${longDate(dueOn)} (${partnership.responseWorkingDays} working days), or tell you why it is taking longer.`;
    opts.log.info({ partnership: partnership.code, reference }, 'online application received');
    if (json) return void res.status(201).json({ reference, next });
    secureHeaders(res, ctx.nonce);
    res.status(201).type('html').send(renderReceived(ctx, reference, next));
  }

  return router;
}

async function findPartnership(dataSource: DataSource, code: unknown): Promise<Partnership | null> {
  if (typeof code !== 'string' || code.length > 100) return null;
  return dataSource.manager.findOneBy(Partnership, { code: code.toUpperCase() });
}

function pageContext(partnership: Partnership | null, code: string): PageContext {
  return {
    partnershipName: partnership?.name ?? 'Community Safety Partnership',
    code: partnership?.code ?? code,
    howToApply: partnership ? howToApplyText(partnership) : '',
    nonce: randomBytes(16).toString('base64'),
  };
}

/**
 * Nothing from elsewhere, no framing, no referrer to other sites, not cached (the
 * page may hold what the applicant typed). same-origin, not no-referrer: under
 * no-referrer a browser sends the form's post with "Origin: null", which the
 * same-origin check must refuse.
 */
function secureHeaders(res: Response, nonce: string): void {
  res.set({
    'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  });
}

/** A browser names the page's origin; another site's origin is refused (no Origin: not a cross-site browser request). */
function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (!origin || origin === 'null') return !origin;
  return origin === `${req.protocol}://${req.get('host')}`;
}

function wantsJson(req: Request): boolean {
  return req.is('application/json') === 'application/json';
}

function longDate(iso: string): string {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
