import { randomUUID } from 'node:crypto';
import express, { type RequestHandler, type Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Actor } from '../common/actor';
import { HubError } from '../common/errors';
import type { Logger } from '../common/logger';
import { createContext, type HubContext } from '../graphql/context';
import { loadActor } from '../modules/user/actor.loader';
import { sendGraphQLError } from './http-errors';

/**
 * Documents made from GraphQL fields (letters, the panel pack, a subject access
 * export) are served here, under `/documents/...`, for the caller's bearer token.
 *
 * A document is built by the same services and policies as the fields it is made
 * from, in one request transaction of its own: it answers NOT_FOUND exactly where
 * the field would, and the access-log entries those services write are committed
 * with it (or the document is withheld, as a GraphQL answer would be).
 */
export type DocumentRequest = {
  actor: Actor;
  /** The request's services, loaders and database, as a resolver has them. */
  ctx: HubContext;
  params: Record<string, string>;
  query: Record<string, unknown>;
};

export type HubDocument = {
  contentType: 'application/pdf' | 'text/html; charset=utf-8' | 'application/json' | 'text/csv; charset=utf-8';
  body: Buffer | string;
  /** Offered to the browser as the saved file's name (never a person's name). */
  filename?: string;
};

export type DocumentRoute = {
  /** An Express path under /documents, e.g. `/cases/:caseId/pack.pdf`. */
  path: string;
  render: (request: DocumentRequest) => Promise<HubDocument>;
};

const STATUS_OF: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  INVALID_STATE: 409,
  CONFLICT: 409,
  QUERY_TOO_COMPLEX: 400,
};

export type DocumentRouterOptions = {
  dataSource: DataSource;
  log: Logger;
  routes: readonly DocumentRoute[];
  /** Sets `res.locals.subject` from the bearer token (the /graphql path's own authenticate). */
  authenticate: RequestHandler;
  /** The /graphql path's rate limits, applied to documents too. */
  limits: RequestHandler[];
};

export function documentRouter(opts: DocumentRouterOptions): express.Router {
  const router = express.Router();
  for (const route of opts.routes) {
    router.get(route.path, opts.authenticate, ...opts.limits, async (req, res) => {
      const subject = res.locals.subject as string | null | undefined;
      if (!subject) return refuse(res, new HubError('UNAUTHENTICATED', 'A valid bearer token is required', 'COMMON_UNAUTHENTICATED'));
      const ctx = createContext(opts.dataSource, opts.log, randomUUID());
      res.once('close', () => void ctx.db.finish(false).catch(() => undefined));
      try {
        const actor = await loadActor(ctx.db, subject);
        if (!actor) throw new HubError('UNAUTHENTICATED', 'A valid bearer token is required', 'COMMON_UNAUTHENTICATED');
        ctx.actor = actor;
        const document = await route.render({ actor, ctx, params: req.params as Record<string, string>, query: req.query as Record<string, unknown> });
        // Nothing leaves the hub unlogged: the access-log entries commit before the document is sent.
        await ctx.db.flushAccessLog();
        await ctx.db.finish(true);
        res.set('Cache-Control', 'no-store');
        res.set('X-Content-Type-Options', 'nosniff');
        if (document.contentType.startsWith('text/html')) {
          // A document page runs nothing and loads nothing from elsewhere.
          res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        }
        if (document.filename) res.set('Content-Disposition', `inline; filename="${document.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
        res.status(200).type(document.contentType).send(document.body);
      } catch (error) {
        await ctx.db.finish(false).catch(() => undefined);
        if (error instanceof HubError) return refuse(res, error);
        opts.log.error({ err: error, path: route.path, actorId: ctx.actor?.userId, requestId: ctx.requestId }, 'could not build a document');
        sendGraphQLError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
      }
    });
  }
  return router;
}

/** The refusal a GraphQL client would read, with the HTTP status that matches its code. */
function refuse(res: Response, error: HubError): void {
  const { code, reason, field } = error.extensions as { code: string; reason?: string; field?: string };
  sendGraphQLError(res, STATUS_OF[code] ?? 400, error.message, code, { ...(reason ? { reason } : {}), ...(field ? { field } : {}) });
}
