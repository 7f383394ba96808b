import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from '../common/logger';

/**
 * Answers a refusal made before GraphQL runs (rate limit, body too large,
 * malformed JSON, shutting down) in the shape GraphQL clients read:
 * `{ errors: [{ message, extensions: { code, ... } }] }`.
 */
export function sendGraphQLError(res: Response, status: number, message: string, code: string, extensions: Record<string, unknown> = {}): void {
  if (res.headersSent) return;
  res.status(status).type('application/json').send(JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }));
}

type BodyParserError = Error & { type?: string; status?: number; statusCode?: number; limit?: number };

/**
 * The last Express error handler: body-parser's refusals keep their 4xx
 * status as BAD_REQUEST; anything else is a 500 with no detail. Express's own
 * handler would print the stack in development.
 */
export function httpErrorHandler(log: Logger): ErrorRequestHandler {
  return (error: BodyParserError, req, res, _next) => {
    const status = error.status ?? error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message =
        error.type === 'entity.too.large'
          ? `Request body too large (at most ${error.limit} bytes)`
          : error.type === 'entity.parse.failed'
            ? 'Request body is not valid JSON'
            : error.type === 'entity.too.deep'
              ? error.message
              : error.type === 'encoding.unsupported' || error.type === 'charset.unsupported'
              ? 'Unsupported request body encoding'
              : 'Bad request';
      sendGraphQLError(res, status, message, 'BAD_REQUEST');
      return;
    }
    log.error({ err: error, path: req.path, method: req.method }, 'unexpected HTTP error');
    sendGraphQLError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
  };
}
