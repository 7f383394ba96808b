import type { EntityManager } from 'typeorm';
import type { RecordedBasis } from './lawful-basis';

export type AccessAction = 'READ' | 'WRITE';
export type AccessLogEntryDraft = { action: AccessAction; entity: string; entityId: string; caseId: string | null; basis: RecordedBasis };

/**
 * The access-log entries of one request, collected as personal data leaves the
 * hub (READ) and as records change (WRITE), each with the lawful basis the policy
 * that allowed it decided, then written in one statement just before the
 * request's transaction commits. Repeats within a request are kept once.
 */
export class AccessLogBuffer {
  private entries: AccessLogEntryDraft[] = [];
  private keys = new Set<string>();

  read(entity: string, entityId: string, caseId: string | null, basis: RecordedBasis): void {
    this.add({ action: 'READ', entity, entityId, caseId, basis });
  }

  write(entity: string, entityId: string, caseId: string | null, basis: RecordedBasis): void {
    this.add({ action: 'WRITE', entity, entityId, caseId, basis });
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
   * hub_append_access_log (now in the DataProtectionSecurity migration), which
   * records them as the transaction's caller; the application role cannot write
   * the log in any other way.
   */
  async flush(manager: EntityManager): Promise<void> {
    if (this.entries.length === 0) return;
    const entries = this.entries;
    this.entries = [];
    this.keys.clear();
    await appendAccessLog(manager, entries);
  }

  private add(entry: AccessLogEntryDraft): void {
    const key = keyOf(entry);
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.entries.push(entry);
  }
}

/** One statement appending `entries` as the transaction's caller (hub.user_id). */
export async function appendAccessLog(manager: EntityManager, entries: readonly AccessLogEntryDraft[]): Promise<void> {
  if (entries.length === 0) return;
  await manager.query('SELECT hub_append_access_log($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::text[])', [
    entries.map((e) => e.action),
    entries.map((e) => e.entity),
    entries.map((e) => e.entityId),
    entries.map((e) => e.caseId),
    entries.map((e) => e.basis),
  ]);
}

const keyOf = (e: AccessLogEntryDraft) => `${e.action}|${e.entity}|${e.entityId}|${e.caseId ?? ''}|${e.basis}`;
