import { createHash } from 'node:crypto';

/*
 * The access log is eight hash chains (lanes): each entry's hash covers the
 * previous entry's hash in its lane and its own content, so editing, removing
 * or reordering any entry breaks every later hash in its lane. The database
 * computes the hashes as it appends (hub_append_access_log, now in the
 * DataProtectionSecurity migration, spells the same content); verifyAccessLog
 * recomputes them here, lane by lane.
 *
 * The lawful basis joined the content when the column was added: an entry that
 * carries one hashes `...|caseId|basis`; an entry appended before (basis null)
 * hashes the content it was written with, so the old chain still verifies, and
 * clearing a newer entry's basis breaks its hash.
 *
 * Since one row holds every id of a kind a request disclosed (AccessLogPerRequest
 * migration), the content spells the ids joined by commas where it spelled the one
 * id: a row of one id hashes exactly as before, so rows carried over still verify.
 */

/** `entityIds`: the row's ids joined by commas (as hub_access_log_chain hands them). */
export type ChainEntry = { at: string; actorId: string; action: string; entity: string; entityIds: string; caseId: string | null; lawfulBasis: string | null };

export function chainHash(previousHash: string, e: ChainEntry): string {
  const content = `${e.at}|${e.actorId}|${e.action}|${e.entity}|${e.entityIds}|${e.caseId ?? ''}${e.lawfulBasis === null ? '' : `|${e.lawfulBasis}`}`;
  return createHash('sha256').update(`${previousHash}|${content}`, 'utf8').digest('hex');
}
