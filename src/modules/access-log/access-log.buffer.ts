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

  /**
   * Appends every collected entry to the hash chain in one call of
   * hub_append_access_log (see the RowLevelSecurity migration), which records
   * them as the transaction's caller; the application role cannot write the
   * log in any other way.
   */
  async flush(manager: EntityManager): Promise<void> {
    if (this.entries.length === 0) return;
    const entries = this.entries;
    this.entries = [];
    this.keys.clear();
    await manager.query('SELECT hub_append_access_log($1::text[], $2::text[], $3::uuid[], $4::uuid[])', [
      entries.map((e) => e.action),
      entries.map((e) => e.entity),
      entries.map((e) => e.entityId),
      entries.map((e) => e.caseId),
    ]);
  }

  private add(entry: Entry): void {
    const key = keyOf(entry);
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.entries.push(entry);
  }
}

const keyOf = (e: Entry) => `${e.action}|${e.entity}|${e.entityId}|${e.caseId ?? ''}`;
