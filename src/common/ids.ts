import { CommonErrors } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id the hub issues is a UUID; anything else is bad input, named by its argument path. */
export function checkId(value: string, field: string): string {
  if (!UUID.test(value)) throw CommonErrors.BAD_ID(field);
  return value.toLowerCase();
}

export function checkIds(values: readonly string[], field: string): string[] {
  return values.map((value, i) => checkId(value, `${field}.${i}`));
}

/** Postgres unique_violation, as raised through TypeORM. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; driverError?: { code?: string; constraint?: string }; constraint?: string };
  const code = e?.driverError?.code ?? e?.code;
  const name = e?.driverError?.constraint ?? e?.constraint;
  return code === '23505' && (!constraint || name === constraint);
}
