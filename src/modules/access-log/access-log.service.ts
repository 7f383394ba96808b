import type { Actor } from '../../common/actor';
import { checkId } from '../../common/ids';
import { checkFirst, connectionOf, countWhenAsked, decodeCursor } from '../../common/pagination';
import type { RequestDb } from '../../database/request-db';
import { chainHash } from './access-log.chain';
import { AccessLogRecord } from './access-log.entity';
import { AccessLogPolicy } from './access-log.policy';
import type { AccessLogConnection, AccessLogEntry, AccessLogFilter, AccessLogVerification } from './access-log.types';
import { LawfulBasis } from './lawful-basis';

const VERIFY_BATCH = 20_000;

/** One person's records, as a subject access export found them. */
export type SubjectRecords = { personIds: readonly string[]; incidentIds: readonly string[]; caseIds: readonly string[] };

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
      if (filter?.lawfulBasis === LawfulBasis.NOT_RECORDED) q.andWhere('l.lawful_basis IS NULL');
      else if (filter?.lawfulBasis) q.andWhere('l.lawful_basis = :basis', { basis: filter.lawfulBasis });
      return q;
    };
    const page = scoped().orderBy('l.id', 'DESC').limit(first + 1);
    if (cursor) page.andWhere('l.id < :before', { before: cursor[0] });
    const records = await page.getMany();
    return connectionOf(records, first, countWhenAsked(() => scoped().getCount()), (record) => ({ cursor: [String(record.id)], node: entryView(record) }));
  }

  /**
   * The entries about one person's records, newest first: reads and writes of
   * their person records (and the exports about them), of the incidents they
   * reported and of their cases, and the agencies' answers read on those cases.
   * The caller's right to these records was decided before (a data protection
   * officer's subject, opened in the database: the access_log_subject policy lets
   * exactly these rows through). `before`: the page continues below that entry.
   */
  async about(records: SubjectRecords, first: number, before: string | null): Promise<{ entries: AccessLogEntry[]; hasMore: boolean }> {
    const q = (await this.aboutQuery(records)).orderBy('l.id', 'DESC').limit(first + 1);
    if (before) q.andWhere('l.id < :before', { before });
    const rows = await q.getMany();
    return { entries: rows.slice(0, first).map(entryView), hasMore: rows.length > first };
  }

  /** How many entries `about` lists in all. */
  async countAbout(records: SubjectRecords): Promise<number> {
    return (await this.aboutQuery(records)).getCount();
  }

  private async aboutQuery(records: SubjectRecords) {
    return (await this.db.manager()).createQueryBuilder(AccessLogRecord, 'l').where(
      `((l.entity IN ('Person', 'SubjectAccessExport') AND l.entity_id = ANY(:personIds))
        OR (l.entity = 'Incident' AND l.entity_id = ANY(:incidentIds))
        OR (l.entity IN ('CaseReview', 'Consent') AND l.entity_id = ANY(:caseIds))
        OR (l.entity = 'InformationRequest' AND l.case_id = ANY(:caseIds)))`,
      { personIds: [...records.personIds], incidentIds: [...records.incidentIds], caseIds: [...records.caseIds] },
    );
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
      const rows: ChainRow[] =
        await manager.query(
          `SELECT lane, id::text AS id, at, actor_id, action, entity, entity_id, case_id, lawful_basis, hash FROM hub_access_log_chain($1::smallint, $2::bigint, $3)`,
          [...last, VERIFY_BATCH],
        );
      for (const row of rows) {
        // Each lane is a chain of its own, starting from ''.
        if (row.lane !== last[0]) previous = '';
        last = [row.lane, row.id];
        const expected = chainHash(previous, {
          at: row.at,
          actorId: row.actor_id,
          action: row.action,
          entity: row.entity,
          entityId: row.entity_id,
          caseId: row.case_id,
          lawfulBasis: row.lawful_basis,
        });
        checked += 1;
        if (expected !== row.hash) return { ok: false, checked, firstBrokenId: row.id };
        previous = row.hash;
      }
      if (rows.length < VERIFY_BATCH) return { ok: true, checked, firstBrokenId: null };
    }
  }
}

type ChainRow = {
  lane: number;
  id: string;
  at: string;
  actor_id: string;
  action: string;
  entity: string;
  entity_id: string;
  case_id: string | null;
  lawful_basis: string | null;
  hash: string;
};

export function entryView(record: AccessLogRecord): AccessLogEntry {
  return {
    id: String(record.id),
    at: record.at,
    action: record.action,
    entity: record.entity,
    entityId: record.entityId,
    lawfulBasis: record.lawfulBasis ?? LawfulBasis.NOT_RECORDED,
    record,
  };
}
