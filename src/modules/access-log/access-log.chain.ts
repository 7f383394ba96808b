import { createHash } from 'node:crypto';

/*
 * The access log is eight hash chains (lanes): each entry's hash covers the
 * previous entry's hash in its lane and its own content, so editing, removing
 * or reordering any entry breaks every later hash in its lane. The database
 * computes the hashes as it appends (hub_append_access_log, now in the
 * AccessLogLanes migration, spells the same content); verifyAccessLog
 * recomputes them here, lane by lane.
 */

export type ChainEntry = { at: string; actorId: string; action: string; entity: string; entityId: string; caseId: string | null };

export function chainHash(previousHash: string, e: ChainEntry): string {
  const content = `${e.at}|${e.actorId}|${e.action}|${e.entity}|${e.entityId}|${e.caseId ?? ''}`;
  return createHash('sha256').update(`${previousHash}|${content}`, 'utf8').digest('hex');
}
