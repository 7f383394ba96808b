import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { TokenVerifier } from '../common/auth';
import type { Logger } from '../common/logger';
import { createContext, type HubContext } from '../graphql/context';
import { formatError, isExpectedError } from '../graphql/errors';
import { statisticsCsvHandler } from '../modules/statistics/statistics.csv';
import { loadActor } from '../modules/user/actor.loader';

export type HubServerOptions = {
  schema: GraphQLSchema;
  dataSource: DataSource;
  verifier: TokenVerifier;
  log: Logger;
  /** Adds extensions.sqlStatements to every response (tests and the benchmark). */
  reportSqlCount?: boolean;
  production?: boolean;
};

export type HubServer = {
  httpServer: http.Server;
  listen(port: number): Promise<number>;
  /** Stops taking requests, lets those in flight finish, then resolves. */
  close(): Promise<void>;
};

/**
 * Ends each request's transaction once its response is ready, logs unexpected
 * errors with the operation and the actor (never variables or results), and
 * reports the statement count when asked.
 */
function requestLifecyclePlugin(opts: HubServerOptions): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
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

export async function createHubServer(opts: HubServerOptions): Promise<HubServer> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const apollo = new ApolloServer<HubContext>({
    schema: opts.schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !opts.production,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), requestLifecyclePlugin(opts)],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await opts.dataSource.query('SELECT 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });

  app.get('/partnerships/:code/statistics.csv', statisticsCsvHandler(opts.dataSource, opts.log));

  app.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const ctx = createContext(opts.dataSource, opts.log, randomUUID());
        // Safety net: the connection goes back to the pool even if the response never completes.
        res.once('close', () => void ctx.db.finish(false));
        const token = bearerToken(req.headers.authorization);
        if (!token) return ctx;
        const email = await opts.verifier.subject(token);
        if (!email) return ctx;
        try {
          ctx.actor = await loadActor(await ctx.db.manager(), email);
          if (ctx.actor) ctx.db.setCaller(ctx.actor.userId);
        } catch (error) {
          await ctx.db.finish(false);
          opts.log.error({ err: error, requestId: ctx.requestId }, 'could not load the caller');
          throw error;
        }
        return ctx;
      },
    }),
  );

  return {
    httpServer,
    listen: (port) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, () => {
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: () => apollo.stop(),
  };
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
