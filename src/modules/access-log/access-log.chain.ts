import { createHash } from 'node:crypto';

/*
 * The access log is a hash chain: each entry's hash covers the previous entry's
 * hash and its own content, so editing, removing or reordering any entry breaks
 * every hash after it. The database computes the hashes as it appends (see
 * AccessLogBuffer.flush); verifyAccessLog recomputes them here.
 */

/** The SQL expression of an entry's content, exactly as chainHash() spells it. */
export const CONTENT_SQL = (alias: string, at: string) =>
  `to_char(${at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || ${alias}.actor_id || '|' || ${alias}.action || '|' || ` +
  `${alias}.entity || '|' || ${alias}.entity_id || '|' || coalesce(${alias}.case_id::text, '')`;

export type ChainEntry = { at: string; actorId: string; action: string; entity: string; entityId: string; caseId: string | null };

export function chainHash(previousHash: string, e: ChainEntry): string {
  const content = `${e.at}|${e.actorId}|${e.action}|${e.entity}|${e.entityId}|${e.caseId ?? ''}`;
  return createHash('sha256').update(`${previousHash}|${content}`, 'utf8').digest('hex');
}
