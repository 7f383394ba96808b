import DataLoader from 'dataloader';
import type { RequestDb } from '../database/request-db';

/** A per-request DataLoader whose batches wait for the request's connection to be free (RequestDb.whenIdle). */
export function requestLoader<K, V>(db: RequestDb, batch: DataLoader.BatchLoadFn<K, V>): DataLoader<K, V> {
  return new DataLoader<K, V>(batch, { batchScheduleFn: (dispatch) => db.whenIdle(dispatch) });
}

/** Orders rows to match DataLoader keys: one entry per key, null where no row matched. */
export function byKeys<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const index = new Map<K, R>();
  for (const row of rows) index.set(keyOf(row), row);
  return keys.map((key) => index.get(key) ?? null);
}

/** Groups rows under DataLoader keys: one (possibly empty) list per key, in row order. */
export function groupByKeys<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>();
  for (const key of keys) groups.set(key, []);
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}
