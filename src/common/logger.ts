import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. They carry ids, operation names and error codes, never
 * personal data: variables, tokens and response bodies are not logged, and the
 * paths below are redacted in case a caller passes them in by mistake.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'asb-case-review-hub' },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'variables', 'token', 'password', '*.email', '*.name'],
      censor: '[redacted]',
    },
  });
}
