import type { RequestHandler } from 'express';
import { sendGraphQLError } from './http-errors';

/**
 * Text the database cannot store as given: NUL (PostgreSQL text refuses it, and
 * the request would fail as an internal error) and lone UTF-16 surrogates
 * (silently turned into U+FFFD on the way to UTF-8).
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** NUL written as an escape in a GraphQL string literal (graphql-js itself refuses unpaired surrogate escapes). */
const NUL_ESCAPE = /\\u(?:0000|\{0+\})/;

/** The path (`incidents.3.summary`) of the first string in `value` that cannot be stored, or null. */
export function unstorableTextPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableTextPath(value[i], `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableTextPath(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Refuses, before GraphQL runs, a request whose variables or document carry
 * text that cannot be stored as given: BAD_USER_INPUT naming the field (the
 * variable's path, or `query` for a literal in the document).
 */
export function rejectUnstorableText(): RequestHandler {
  return (req, res, next) => {
    const source = req.method === 'GET' ? req.query : (req.body as Record<string, unknown> | undefined);
    if (!source || typeof source !== 'object') return next();
    const { query, variables } = source as { query?: unknown; variables?: unknown };
    let field: string | null = null;
    if (typeof query === 'string' && (UNSTORABLE.test(query) || NUL_ESCAPE.test(query))) field = 'query';
    else if (variables && typeof variables === 'object') field = unstorableTextPath(variables, '');
    else if (typeof variables === 'string' && (UNSTORABLE.test(variables) || NUL_ESCAPE.test(variables))) field = 'variables';
    if (!field) return next();
    sendGraphQLError(res, 400, `Invalid ${field}: text must not contain NUL or unpaired surrogate characters`, 'BAD_USER_INPUT', { field });
  };
}

/**
 * Deepest nesting of arrays and objects a JSON body may have. The hub's
 * deepest input (a batch of incidents, each with its reporter) is 5 levels;
 * 64 leaves room for any client and keeps every walk over the body (the
 * guard above, graphql-js's variable coercion) far from the stack's end.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * body-parser's `verify`: scans the raw (inflated) body once, before it is
 * parsed, and refuses one nested deeper than `maxDepth` with HTTP 400; a
 * body 100,000 levels deep is never parsed or walked.
 */
export function refuseDeepJson(maxDepth = MAX_JSON_DEPTH): (req: unknown, res: unknown, body: Buffer) => void {
  return (_req, _res, body) => {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < body.length; i++) {
      const byte = body[i];
      if (inString) {
        if (byte === 0x5c) i++; // backslash: skip the escaped character
        else if (byte === 0x22) inString = false;
      } else if (byte === 0x22) inString = true;
      else if (byte === 0x7b || byte === 0x5b) {
        if (++depth > maxDepth) {
          throw Object.assign(new Error(`JSON nested deeper than ${maxDepth} levels`), { status: 400, type: 'entity.too.deep', depth: maxDepth });
        }
      } else if (byte === 0x7d || byte === 0x5d) depth--;
    }
  };
}
