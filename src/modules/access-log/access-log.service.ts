import type { Actor } from '../../common/actor';
import { checkId } from '../../common/ids';
import { checkFirst, connectionOf, countWhenAsked, decodeCursor } from '../../common/pagination';
import type { RequestDb } from '../../database/request-db';
import { chainHash } from './access-log.chain';
import { AccessLogRecord } from './access-log.entity';
import { AccessLogPolicy } from './access-log.policy';
import type { AccessLogConnection, AccessLogEntry, AccessLogFilter, AccessLogVerification } from './access-log.types';

const VERIFY_BATCH = 20_000;

/** Reading and verifying the access log (auditors only). */
export class AccessLogService {
  constructor(private readonly db: RequestDb) {}

  /** Entries newest first, filtered. */
  async list(actor: Actor, filter: AccessLogFilter | null | undefined, firstArg: number, after?: string | null): Promise<AccessLogConnection> {
    AccessLogPolicy.authorize(actor, 'audit');
    const first = checkFirst(firstArg, 500);
    const cursor = after ? decodeCursor(after, ['bigint']) : null;
    const auditedPartnershipIds = AccessLogPolicy.auditedPartnershipIds(actor);
    if (auditedPartnershipIds.length === 0) return connectionOf([], first, 0, () => null);
    const manager = await this.db.manager();
    const scoped = () => {
      const q = manager.createQueryBuilder(AccessLogRecord, 'l').where(AccessLogPolicy.ENTRY_IN_SCOPE, { auditedPartnershipIds: [...auditedPartnershipIds] });
      if (filter?.actorId) q.andWhere('l.actor_id = :actorId', { actorId: checkId(filter.actorId, 'filter.actorId') });
      if (filter?.entity) q.andWhere('l.entity = :entity', { entity: filter.entity });
      if (filter?.entityId) q.andWhere('l.entity_id = :entityId', { entityId: checkId(filter.entityId, 'filter.entityId') });
      if (filter?.caseId) q.andWhere('l.case_id = :caseId', { caseId: checkId(filter.caseId, 'filter.caseId') });
      if (filter?.from) q.andWhere('l.at >= :from', { from: filter.from });
      if (filter?.to) q.andWhere('l.at <= :to', { to: filter.to });
      return q;
    };
    const page = scoped().orderBy('l.id', 'DESC').limit(first + 1);
    if (cursor) page.andWhere('l.id < :before', { before: cursor[0] });
    const records = await page.getMany();
    return connectionOf(records, first, countWhenAsked(() => scoped().getCount()), (record) => ({ cursor: [String(record.id)], node: entryView(record) }));
  }

  /**
   * Recomputes every lane's chain in id order and names the first entry whose
   * hash does not follow: the whole log, though the auditor reads only their
   * partnerships' entries (hub_access_log_chain hands the chain to auditors).
   */
  async verify(actor: Actor): Promise<AccessLogVerification> {
    AccessLogPolicy.authorize(actor, 'audit');
    const manager = await this.db.manager();
    let previous = '';
    let last: [number, string] = [-1, '0'];
    let checked = 0;
    for (;;) {
      const rows: { lane: number; id: string; at: string; actor_id: string; action: string; entity: string; entity_id: string; case_id: string | null; hash: string }[] =
        await manager.query(
          `SELECT lane, id::text AS id, at, actor_id, action, entity, entity_id, case_id, hash FROM hub_access_log_chain($1::smallint, $2::bigint, $3)`,
          [...last, VERIFY_BATCH],
        );
      for (const row of rows) {
        // Each lane is a chain of its own, starting from ''.
        if (row.lane !== last[0]) previous = '';
        last = [row.lane, row.id];
        const expected = chainHash(previous, { at: row.at, actorId: row.actor_id, action: row.action, entity: row.entity, entityId: row.entity_id, caseId: row.case_id });
        checked += 1;
        if (expected !== row.hash) return { ok: false, checked, firstBrokenId: row.id };
        previous = row.hash;
      }
      if (rows.length < VERIFY_BATCH) return { ok: true, checked, firstBrokenId: null };
    }
  }
}

function entryView(record: AccessLogRecord): AccessLogEntry {
  return { id: String(record.id), at: record.at, action: record.action, entity: record.entity, entityId: record.entityId, record };
}
