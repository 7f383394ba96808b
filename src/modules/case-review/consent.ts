import type { EntityManager } from 'typeorm';
import type { CaseReviewRecord } from './case-review.entity';

/*
 * Consent belongs to the person (DOMAIN.md, "Consent that holds"): a withdrawal
 * is recorded against the victim's matching keys within the partnership, and a
 * later application for the same person starts awaiting confirmation. The
 * database says the same (the trigger case_review_consent_awaits sets the flag
 * on insert whatever the application computed).
 */

/** The access-log entity of consent given, withdrawn and confirmed: `accessLog(filter: { entity: "Consent" })`. */
export const CONSENT_LOG_ENTITY = 'Consent';

/** Whether the victim (by the matching rule) withdrew consent on an earlier case of the partnership. */
export async function withdrewBefore(manager: EntityManager, partnershipId: string, victimId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM person v JOIN consent_withdrawal w
        ON w.partnership_id = $1 AND w.name_key = v.name_key
       AND (w.date_of_birth = v.date_of_birth OR w.postcode_key = v.postcode_key)
     WHERE v.id = $2 LIMIT 1`,
    [partnershipId, victimId],
  );
  return rows.length > 0;
}

/**
 * Records the withdrawal on `record` against its victim's matching keys, and the
 * keys of the linked records' reporters who are the victim by the matching rule
 * (the same person may be known to an agency with a birth date the application
 * lacked): a later application naming them either way awaits confirmation. Runs
 * in the caller's transaction before the case's consent_withdrawn_at is set, so
 * the CST still reads those reporters.
 */
export async function recordWithdrawal(manager: EntityManager, record: CaseReviewRecord, at: Date, actorId: string): Promise<void> {
  await manager.query(
    `INSERT INTO consent_withdrawal (partnership_id, case_id, name_key, date_of_birth, postcode_key, withdrawn_at, recorded_by_id)
     SELECT $1, $2, k.name_key, k.date_of_birth, k.postcode_key, $3, $4 FROM (
       SELECT v.name_key, v.date_of_birth, v.postcode_key FROM person v WHERE v.id = $5
       UNION
       SELECT r.name_key, r.date_of_birth, r.postcode_key
         FROM case_incident ci JOIN incident i ON i.id = ci.incident_id JOIN person r ON r.id = i.reporter_id
         JOIN person v ON v.id = $5
        WHERE ci.case_id = $2 AND r.name_key = v.name_key AND (r.date_of_birth = v.date_of_birth OR r.postcode_key = v.postcode_key)) k`,
    [record.partnershipId, record.id, at, actorId, record.victimId],
  );
}
