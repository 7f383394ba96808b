import type { EntityManager } from 'typeorm';

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

  /** Appends every collected entry in one INSERT, then empties the buffer. */
  async flush(manager: EntityManager, actorId: string): Promise<void> {
    if (this.entries.length === 0) return;
    const entries = this.entries;
    this.entries = [];
    this.keys.clear();
    await manager.query(
      `INSERT INTO access_log (actor_id, action, entity, entity_id, case_id)
       SELECT $1, e.action, e.entity, e.entity_id, e.case_id
         FROM unnest($2::text[], $3::text[], $4::uuid[], $5::uuid[]) AS e(action, entity, entity_id, case_id)`,
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
