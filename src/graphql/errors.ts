import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HubError } from '../common/errors';

/** Codes Apollo Server itself gives to requests that never reached a resolver; safe to pass on. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** True for refusals we mean to give; everything else is masked (and logged once by the error plugin). */
export function isExpectedError(formatted: GraphQLFormattedError, error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof HubError || limitRefusal(error)) return true;
  const code = formatted.extensions?.code;
  // A resolver error never carries Apollo's request-level codes unless we built it.
  return typeof code === 'string' && REQUEST_ERROR_CODES.has(code) && !isFromResolver(formatted);
}

/**
 * The one place errors leave the hub: our typed errors keep their code (and
 * field); Apollo's request errors keep theirs; anything else becomes
 * INTERNAL_SERVER_ERROR with no message, SQL or stack.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof HubError) {
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: publicExtensions(original) };
  }
  const refusal = limitRefusal(error);
  if (refusal) return { message: refusal.message, extensions: publicExtensions(refusal) };
  if (isExpectedError(formatted, error)) {
    const code = formatted.extensions?.code as string;
    const extensions: Record<string, unknown> = { code };
    if (code === 'BAD_USER_INPUT') extensions.field = variablePath(formatted.message);
    return { message: formatted.message, locations: formatted.locations, extensions };
  }
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * A query limit's refusal (src/graphql/limits.ts): reported during validation,
 * so Apollo wraps it as GRAPHQL_VALIDATION_FAILED; it keeps its own code.
 */
function limitRefusal(error: unknown): HubError | undefined {
  if (!(error instanceof GraphQLError) || error.path) return undefined;
  const original = error.originalError;
  return original instanceof HubError && original.code === 'QUERY_TOO_COMPLEX' ? original : undefined;
}

/** A refusal's extensions without `http` (the status Apollo reads for the response, not for the client). */
function publicExtensions(error: HubError): Record<string, unknown> {
  const { http: _http, ...extensions } = error.extensions;
  return extensions;
}

function isFromResolver(formatted: GraphQLFormattedError): boolean {
  return Array.isArray(formatted.path) && formatted.path.length > 0;
}

/** `Variable "$input" got invalid value ... at "input.code"; ...` -> `input.code` (or the variable's name). */
function variablePath(message: string): string | undefined {
  const at = /at "([^"]+)"/.exec(message);
  if (at) return at[1];
  const variable = /Variable "\$([A-Za-z0-9_]+)"/.exec(message);
  return variable?.[1];
}
