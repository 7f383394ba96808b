import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';

/*
 * Named (prepared) statements for what the hub asks again and again. Under
 * row-level security PostgreSQL plans every statement with its policies, and
 * planning a loader's statement cost as much as running it (1 to 6 ms for a
 * case history's). A named statement is parsed once per connection, and after
 * a few runs PostgreSQL keeps its generic plan; the policies' helpers are
 * InitPlans, evaluated per execution, so a kept plan still asks who is calling.
 *
 * Only statements with parameters and a text of bounded size are named: the
 * loaders pass id lists as one array (= ANY($1)), so their text is the same
 * whatever the batch, while multi-row INSERTs (a text per batch size) are not.
 * The server keeps each connection's statements until it closes; the pool's
 * connections hold a bounded set, as the hub has a bounded set of statements.
 */

const MAX_TEXT = 8_000;
const MAX_VALUES = 64;

type PgClient = { query: (...args: unknown[]) => unknown; [NAMED]?: true };
const NAMED = Symbol('hub.namedStatements');

/** Statement names by text: a bounded memo, so hashing a text happens once per process. */
const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `hub_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size >= 5_000) names.clear();
    names.set(text, name);
  }
  return name;
}

/** Makes the runner's connection name its repeatable statements (once per pooled connection). */
export function nameRepeatedStatements(runner: QueryRunner): void {
  const client = (runner as unknown as { databaseConnection?: PgClient }).databaseConnection;
  if (!client || client[NAMED]) return;
  client[NAMED] = true;
  const query = client.query.bind(client);
  client.query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && values.length <= MAX_VALUES && text.length <= MAX_TEXT) {
      return query({ name: nameOf(text), text, values }, ...rest);
    }
    return query(text, values, ...rest);
  };
}
