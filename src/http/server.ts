import { randomUUID } from 'node:crypto';
import http from 'node:http';
import v8 from 'node:v8';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type RequestHandler, type Response } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { TokenVerifier } from '../common/auth';
import type { Logger } from '../common/logger';
import { createContext, type HubContext } from '../graphql/context';
import { checkCost, costModel, type CostModel } from '../graphql/cost';
import { RESPONSE_BUDGET, ResponseBudget, SharedBudget } from '../graphql/response-size';
import { formatError, isExpectedError } from '../graphql/errors';
import { DEFAULT_QUERY_LIMITS, knownOperationTypeRule, queryLimitRules, queryParseOptions, type QueryLimits } from '../graphql/limits';
import { onlineApplicationRoutes } from '../modules/online-application/online-application.routes';
import { publishedFiguresRoutes } from '../modules/statistics/statistics.routes';
import { loadActor } from '../modules/user/actor.loader';
import { DOCUMENT_ROUTES } from './document-routes';
import { documentRouter, type DocumentRoute } from './documents';
import { readyHandler, watchPool } from './database-health';
import { httpErrorHandler, sendGraphQLError } from './http-errors';
import { ideHandler, IDE_STATIC_PATH, ideStaticHandler } from './ide';
import { refuseDeepJson, rejectUnstorableText } from './input-guards';
import { cachePublicAnswers } from './public-cache';
import { limitPerAddress, limitPerUser, type RateLimitOptions, type RateLimitStore } from './rate-limit';

export type HubServerOptions = {
  schema: GraphQLSchema;
  dataSource: DataSource;
  verifier: TokenVerifier;
  log: Logger;
  /** Adds extensions.sqlStatements to every response (tests and the benchmark). */
  reportSqlCount?: boolean;
  /** No introspection, no field suggestions, no IDE. */
  production?: boolean;
  /** Document limits; each one not given is DEFAULT_QUERY_LIMITS'. */
  queryLimits?: Partial<QueryLimits>;
  /** Requests a minute per client address and per user; no limit when absent (the bootstrap always sets it). */
  rateLimit?: RateLimitOptions;
  /** Where every rate limit counts, shared with the hub's other processes (the caller opens and closes it). */
  rateLimitStore: RateLimitStore;
  /** The online application form's CSRF key, the same in every process of the hub (default: one made for this server alone). */
  formTokenKey?: Buffer;
  /** Largest request body on /graphql, in bytes (default 5 MiB: a full batch of 1000 incidents). */
  maxBodyBytes?: number;
  /** How long close() lets requests in flight finish before cutting them (default 10 s). */
  shutdownGraceMs?: number;
  /** /ready's bound on its SELECT 1 (default 2 s). */
  readyTimeoutMs?: number;
  /** Largest answer, in bytes, counted while it is built (default: DEFAULT_MAX_RESPONSE_BYTES). */
  maxResponseBytes?: number;
  /** Time a client has to send a whole request; slower ones are cut off (default 30 s). */
  requestTimeoutMs?: number;
  /** Express's 'trust proxy' (which X-Forwarded-For hops give the client's address); off by default. */
  trustProxy?: boolean | number | string;
  /** Online applications a minute from one client address (default 5; 0 turns it off, for tests). */
  applicationsPerMinute?: number;
  /** Documents served under /documents for the caller's token (default: DOCUMENT_ROUTES). */
  documents?: readonly DocumentRoute[];
};

export type HubServer = {
  httpServer: http.Server;
  listen(port: number, host?: string): Promise<number>;
  /** Stops taking requests, lets those in flight finish (within the grace period), then resolves. */
  close(): Promise<void>;
};

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Online applications a minute from one client address. */
export const DEFAULT_APPLICATIONS_PER_MINUTE = 5;
/** Time a client has to send its request's headers (README: 10 s). */
export const HEADERS_TIMEOUT_MS = 10_000;

/**
 * A sixteenth of the heap V8 may grow to (16 MB under npm start's 256 MB):
 * an answer is held about three times while it is built and serialised
 * (result tree, JSON string, socket buffer), and a few large answers at once
 * must still leave the heap most of its room. All answers being built share
 * four times that.
 */
export function defaultMaxResponseBytes(): number {
  return Math.max(1024 * 1024, Math.floor(v8.getHeapStatistics().heap_size_limit / 16));
}

/** The verified token subject of a request, set by `authenticate` before GraphQL runs (no database). */
const subjectOf = (res: Response): string | null => (res.locals.subject as string | null | undefined) ?? null;
/**
 * The same subject, carried from the context to the hook that loads the caller
 * (a symbol key: Apollo hands the hooks a shallow copy of the context).
 */
const SUBJECT = Symbol('token subject');
type ContextWithSubject = HubContext & { [SUBJECT]?: string; [RESPONSE_BUDGET]?: ResponseBudget };

/**
 * Loads the caller once the operation is parsed, validated and within the
 * limits: a refused document never takes a database connection. Ends each
 * request's transaction once its response is ready, logs unexpected errors with
 * the operation and the actor (never variables or results), and reports the
 * statement count when asked.
 */
function requestLifecyclePlugin(opts: HubServerOptions, model: CostModel, maxCost: number): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, request, operationName, schema }) {
          // Before the caller is loaded: a refused operation never takes a database connection.
          checkCost(model, { maxCost, introspection: !opts.production }, schema, document, request.variables, operationName);
          const email = (contextValue as ContextWithSubject)[SUBJECT];
          if (!email) return;
          try {
            contextValue.actor = await loadActor(contextValue.db, email);
          } catch (error) {
            // Answered INTERNAL_SERVER_ERROR and logged once by didEncounterErrors.
            await contextValue.db.finish(false).catch(() => undefined);
            throw error;
          }
        },
        async didEncounterErrors({ contextValue, errors, operationName }) {
          for (const error of errors) {
            if (isExpectedError({ message: error.message, path: error.path, extensions: error.extensions }, error)) continue;
            contextValue.log.error(
              { err: error.originalError ?? error, operationName, actorId: contextValue.actor?.userId, requestId: contextValue.requestId, path: error.path },
              'unexpected error (masked as INTERNAL_SERVER_ERROR)',
            );
          }
        },
        async willSendResponse({ contextValue, response }) {
          const budget = (contextValue as ContextWithSubject)[RESPONSE_BUDGET];
          budget?.release();
          if (budget?.exceeded && response.body.kind === 'single') {
            // Nothing of an answer that outgrew its budget leaves the hub: one refusal instead.
            const refusal = budget.refusal();
            response.body.singleResult = { errors: [{ message: refusal.message, extensions: { code: refusal.code, reason: refusal.reason } }] };
            response.http.status = 400;
          }
          let statements = 0;
          try {
            await contextValue.db.flushAccessLog();
            statements = contextValue.db.statements;
            await contextValue.db.finish(true);
          } catch (error) {
            // Nothing leaves the hub unlogged: without its access-log entries the answer is withdrawn.
            contextValue.log.error({ err: error, actorId: contextValue.actor?.userId, requestId: contextValue.requestId }, 'could not commit the request');
            await contextValue.db.finish(false).catch(() => undefined);
            if (response.body.kind === 'single') {
              response.body.singleResult = { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
            }
            return;
          }
          if (opts.reportSqlCount && response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: statements };
          }
        },
      };
    },
  };
}

/**
 * Production: no "Did you mean ...?" in any message, validation or variable
 * coercion (enum values included), so errors do not reveal the schema.
 */
const noSuggestionsPlugin: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors }) {
        for (const error of errors) {
          if (error.message.includes('Did you mean')) error.message = error.message.replace(/\s*Did you mean [^?]*\?/g, '');
        }
      },
    };
  },
};

/** Verifies the bearer token (signature and claims only, no database) and keeps its subject for the limiter and the context. */
function authenticate(verifier: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req.headers.authorization);
    const subject = token ? await verifier.subject(token) : null;
    res.locals.subject = subject;
    next();
  };
}

export async function createHubServer(opts: HubServerOptions): Promise<HubServer> {
  const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...opts.queryLimits };
  const model = costModel(opts.schema);
  const maxResponseBytes = opts.maxResponseBytes ?? defaultMaxResponseBytes();
  const sharedBudget = new SharedBudget(4 * maxResponseBytes);
  const shutdownGraceMs = opts.shutdownGraceMs ?? 10_000;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
  let draining = false;

  const app = express();
  app.disable('x-powered-by');
  if (opts.trustProxy !== undefined) app.set('trust proxy', opts.trustProxy);
  // Slow clients (slowloris) cannot hold a connection open: whole request within the timeout, headers within 10 s.
  // Node checks both only every connectionsCheckingInterval (30 s by default, which let slow headers
  // live 34-38 s): once a second keeps each within a second of its figure.
  const httpServer = http.createServer(
    { requestTimeout: requestTimeoutMs, headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs), connectionsCheckingInterval: 1_000 },
    app,
  );

  const apollo = new ApolloServer<HubContext>({
    schema: opts.schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !opts.production,
    hideSchemaDetailsFromClientErrors: !!opts.production,
    // Browsers cannot send a "simple" cross-site request: JSON content type or apollo-require-preflight needed.
    csrfPrevention: true,
    // One operation per request, so each limit and each rate-limit token covers one operation.
    allowBatchedHttpRequests: false,
    // Clients send full documents; nothing to register or cache on their behalf.
    persistedQueries: false,
    // src/index.ts owns SIGTERM/SIGINT and calls close().
    stopOnTerminationSignals: false,
    parseOptions: queryParseOptions(limits),
    validationRules: [knownOperationTypeRule, ...queryLimitRules(limits, opts.production ? undefined : { depth: model.introspection.depth })],
    plugins: [
      // Leaves 1/5 of the grace period (at most 2 s) to close the database after the last response.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: shutdownGraceMs - Math.min(2_000, shutdownGraceMs / 5) }),
      // Apollo's landing pages load from a CDN; development serves Ruru from node_modules (./ide.ts).
      ApolloServerPluginLandingPageDisabled(),
      // The hub sets no cache hints (its answers are per caller and never cacheable); Apollo's
      // default cache-control plugin would still wrap every field of every answer to look for them.
      ApolloServerPluginCacheControlDisabled(),
      requestLifecyclePlugin(opts, model, limits.maxCost),
      ...(opts.production ? [noSuggestionsPlugin] : []),
    ],
  });
  await apollo.start();
  const unwatchPool = watchPool(opts.dataSource, opts.log);

  // While shutting down: every response closes its connection, and new work is refused.
  app.use((_req, res, next) => {
    if (draining) res.set('Connection', 'close');
    next();
  });
  const refuseWhileDraining: RequestHandler = (_req, res, next) => {
    if (!draining) return next();
    res.set('Retry-After', '5');
    sendGraphQLError(res, 503, 'The hub is shutting down; retry shortly', 'SHUTTING_DOWN');
  };

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', readyHandler(opts.dataSource, opts.readyTimeoutMs ?? 2_000, () => draining));

  const store = opts.rateLimitStore;
  const perAddress = opts.rateLimit?.perAddress ? limitPerAddress(store.limiter('address', opts.rateLimit.perAddress)) : undefined;
  const perUser = opts.rateLimit?.perUser ? limitPerUser(store.limiter('user', opts.rateLimit.perUser), subjectOf) : undefined;
  const limited = (...handlers: (RequestHandler | undefined)[]) => handlers.filter((h): h is RequestHandler => !!h);
  const applicationsPerMinute = opts.applicationsPerMinute ?? DEFAULT_APPLICATIONS_PER_MINUTE;

  // Every other public path (the CSV, the IDE's files, unknown paths) has its own, stricter limit per address;
  // documents need a token and count against the /graphql limits instead.
  const publicPerAddress = opts.rateLimit?.publicPerAddress ? limitPerAddress(store.limiter('public-address', opts.rateLimit.publicPerAddress)) : undefined;
  const publicLimit: RequestHandler = (req, res, next) => (publicPerAddress && !req.path.startsWith('/graphql') && !req.path.startsWith('/documents/') ? publicPerAddress(req, res, next) : next());
  app.use(publicLimit);
  if (!opts.production) app.use(IDE_STATIC_PATH, ideStaticHandler());

  // The published figures (statistics CSV, the return as CSV and JSON, the figures page): no token, one cache.
  app.use(
    '/partnerships',
    publishedFiguresRoutes({ dataSource: opts.dataSource, log: opts.log, guards: [...limited(refuseWhileDraining, perAddress), cachePublicAnswers()] }),
  );

  // The public application form (no token): its own body parsing, limits and CSRF check.
  app.use(
    '/partnerships',
    refuseWhileDraining,
    onlineApplicationRoutes({
      dataSource: opts.dataSource,
      log: opts.log,
      applicationLimit: applicationsPerMinute > 0 ? store.limiter('applications', applicationsPerMinute) : null,
      pageLimit: perAddress,
      formTokenKey: opts.formTokenKey,
    }),
  );

  // Letters, packs and exports, built by the same services as the fields they are made from.
  app.use(
    '/documents',
    refuseWhileDraining,
    documentRouter({
      dataSource: opts.dataSource,
      log: opts.log,
      routes: opts.documents ?? DOCUMENT_ROUTES,
      authenticate: authenticate(opts.verifier),
      limits: limited(perAddress, perUser),
    }),
  );

  app.use(
    '/graphql',
    ...limited(
      refuseWhileDraining,
      perAddress,
      opts.production ? undefined : ideHandler(),
      authenticate(opts.verifier),
      perUser,
      express.json({ limit: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, verify: refuseDeepJson() }),
    ),
    // A POST body that is not JSON was not parsed: Apollo then refuses it (CSRF, or no query) rather than failing.
    (req, _res, next) => {
      if (!('body' in req)) (req as { body?: unknown }).body = undefined;
      next();
    },
    rejectUnstorableText(),
    expressMiddleware(apollo, {
      context: async ({ res }) => {
        const ctx: ContextWithSubject = createContext(opts.dataSource, opts.log, randomUUID());
        // Safety net: the connection goes back to the pool even if the response never completes.
        const budget = new ResponseBudget(maxResponseBytes, sharedBudget);
        res.once('close', () => {
          budget.release();
          void ctx.db.finish(false).catch(() => undefined);
        });
        ctx[SUBJECT] = subjectOf(res) ?? undefined;
        ctx[RESPONSE_BUDGET] = budget;
        return ctx;
      },
    }),
  );
  app.use((_req, res) => sendGraphQLError(res, 404, 'Not found', 'NOT_FOUND'));
  app.use(httpErrorHandler(opts.log));

  return {
    httpServer,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        const onListening = () => {
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        };
        if (host) httpServer.listen(port, host, onListening);
        else httpServer.listen(port, onListening);
      }),
    close: async () => {
      draining = true;
      try {
        await apollo.stop();
      } finally {
        unwatchPool();
      }
    },
  };
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
