import type { EntityManager } from 'typeorm';
import type { AccessLogEntryDraft } from '../access-log/access-log.buffer';
import type { RecordedBasis } from '../access-log/lawful-basis';
import type { ErasureResult } from './data-protection.types';

/*
 * The database does the erasing (the DataProtectionSecurity migration): it
 * decides what is past retention and what a person's erasure covers, empties
 * the personal columns (the only ones its role may change) and keeps the
 * ledger. These calls are shared by the GraphQL mutations (in a request's
 * transaction, as hub_app) and the daily job (one transaction per person, as
 * the owner, naming its system user).
 */

/** A record the call erased (one not erased before): what its WRITE entry names. */
export type ErasedRecord = { entity: 'Person' | 'Incident' | 'CaseReview'; entity_id: string; case_id: string | null };

/** The people with something of `partnershipId` past its retention on `today` (a Europe/London date), not yet erased. */
export async function retentionDue(manager: EntityManager, partnershipId: string, today: string): Promise<string[]> {
  const [{ ids }]: { ids: string[] }[] = await manager.query('SELECT hub_retention_due($1, $2::date) AS ids', [partnershipId, today]);
  return ids;
}

/** Erases what of one person is past its retention: their cases and incidents of the partnership that are, and them once all they have is. */
export function erasePastRetention(manager: EntityManager, partnershipId: string, personId: string, today: string): Promise<ErasedRecord[]> {
  return manager.query('SELECT entity, entity_id, case_id FROM hub_erase_past_retention($1, $2, $3::date)', [partnershipId, personId, today]);
}

/** Erases a person within the caller's reach: every record the subject access export finds for them. */
export function eraseSubject(manager: EntityManager, personId: string, reason: string): Promise<ErasedRecord[]> {
  return manager.query('SELECT entity, entity_id, case_id FROM hub_erase_subject($1, $2)', [personId, reason]);
}

export function erasureCounts(records: readonly ErasedRecord[]): ErasureResult {
  const count = (entity: ErasedRecord['entity']) => records.filter((r) => r.entity === entity).length;
  return { persons: count('Person'), incidents: count('Incident'), cases: count('CaseReview') };
}

/** One WRITE entry per record erased. */
export function erasureEntries(records: readonly ErasedRecord[], basis: RecordedBasis): AccessLogEntryDraft[] {
  return records.map((r) => ({ action: 'WRITE', entity: r.entity, entityId: r.entity_id, caseId: r.case_id, basis }));
}
