import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. They carry ids, operation names and error codes, never
 * personal data: variables, tokens and response bodies are not logged, and the
 * paths below are redacted in case a caller passes them in by mistake.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'asb-case-review-hub' },
    serializers: { err: safeError },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'variables', 'token', 'password', '*.email', '*.name'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * What of an error may be logged. A database error's message, detail and the
 * failed query's parameters can quote the data (a duplicate email, a value
 * that did not parse), so for those only the SQLSTATE and the names of the
 * constraint, table and column are kept; no error's stack keeps its first line.
 */
export function safeError(value: unknown): Record<string, unknown> {
  if (!(value instanceof Error)) return { type: typeof value };
  const error = value as Error & { code?: unknown; driverError?: Record<string, unknown> };
  const driver: Record<string, unknown> = error.driverError ?? (error as unknown as Record<string, unknown>);
  const sqlstate = typeof driver.code === 'string' && /^[0-9A-Z]{5}$/.test(driver.code) ? driver.code : undefined;
  const fromDatabase = sqlstate !== undefined || error.name === 'QueryFailedError';
  const stack = error.stack?.split('\n').slice(1).join('\n');
  return fromDatabase
    ? { type: error.name, sqlstate, constraint: driver.constraint, table: driver.table, column: driver.column, stack }
    : { type: error.name, message: error.message, code: typeof error.code === 'string' ? error.code : undefined, stack };
}
