import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** The keys the hub makes once and every process shares (table hub_secret). */
export type SharedKeyName = 'online-application-form' | 'rate-limit-keys';

/**
 * A key of `name`, made by whichever process asks first and read by all the
 * others, on any host: a key held in one process's memory would refuse what
 * another process signed. Asked through the owner's connection (hub_app has
 * no access to hub_secret).
 */
export async function sharedKey(owner: DataSource, name: SharedKeyName): Promise<Buffer> {
  // Two processes starting at once: one insert wins, both read the winner's key.
  await owner.query('INSERT INTO hub_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, randomBytes(32)]);
  const [row] = (await owner.query('SELECT value FROM hub_secret WHERE name = $1', [name])) as { value: Buffer }[];
  return row.value;
}
