import type { EntityManager } from 'typeorm';
import { CONTENT_SQL } from './access-log.chain';

/** An entry's content as hashed, for the entries being appended (the actor is the request's caller, $1). */
const CONTENT = CONTENT_SQL('e', 'now()').replace('e.actor_id', '$1::uuid');

/** Advisory lock key that orders appends to the access log's hash chain. */
export const ACCESS_LOG_LOCK = 740_921_001;

export type AccessAction = 'READ' | 'WRITE';
type Entry = { action: AccessAction; entity: string; entityId: string; caseId: string | null };

/**
 * The access-log entries of one request, collected as personal data leaves the
 * hub (READ) and as records change (WRITE), then written in one statement just
 * before the request's transaction commits. Repeats within a request are kept once.
 */
export class AccessLogBuffer {
  private entries: Entry[] = [];
  private keys = new Set<string>();

  read(entity: string, entityId: string, caseId: string | null = null): void {
    this.add({ action: 'READ', entity, entityId, caseId });
  }

  write(entity: string, entityId: string, caseId: string | null = null): void {
    this.add({ action: 'WRITE', entity, entityId, caseId });
  }

  /** A point to roll back to when a write is refused (its entries must not be logged). */
  mark(): number {
    return this.entries.length;
  }

  rollbackTo(mark: number): void {
    for (const entry of this.entries.splice(mark)) this.keys.delete(keyOf(entry));
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Appends every collected entry, chained to the log's last hash. The
   * transaction-scoped lock fixes the chain's order among concurrent writers
   * and is held only from here to the commit, which follows at once; the
   * INSERT, run after the lock is granted, sees the latest committed entry.
   */
  async flush(manager: EntityManager, actorId: string): Promise<void> {
    if (this.entries.length === 0) return;
    const entries = this.entries;
    this.entries = [];
    this.keys.clear();
    await manager.query(`SELECT pg_advisory_xact_lock(${ACCESS_LOG_LOCK})`);
    // Ids are given here, in chain order, after the chain's head (read under the
    // lock): the identity sequence would not promise the rows' order.
    await manager.query(
      `WITH RECURSIVE
         head AS (SELECT * FROM hub_access_log_head()),
         e AS (SELECT * FROM unnest($2::text[], $3::text[], $4::uuid[], $5::uuid[]) WITH ORDINALITY
                 AS e(action, entity, entity_id, case_id, n)),
         chained AS (
           SELECT e.*, encode(sha256(convert_to(head.last_hash || '|' || ${CONTENT}, 'UTF8')), 'hex') AS hash
             FROM e, head WHERE e.n = 1
           UNION ALL
           SELECT e.*, encode(sha256(convert_to(c.hash || '|' || ${CONTENT}, 'UTF8')), 'hex')
             FROM chained c JOIN e ON e.n = c.n + 1)
       INSERT INTO access_log (id, at, actor_id, action, entity, entity_id, case_id, hash) OVERRIDING SYSTEM VALUE
       SELECT head.last_id + chained.n, now(), $1, action, entity, entity_id, case_id, hash FROM chained, head`,
      [actorId, entries.map((e) => e.action), entries.map((e) => e.entity), entries.map((e) => e.entityId), entries.map((e) => e.caseId)],
    );
  }

  private add(entry: Entry): void {
    const key = keyOf(entry);
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.entries.push(entry);
  }
}

const keyOf = (e: Entry) => `${e.action}|${e.entity}|${e.entityId}|${e.caseId ?? ''}`;
