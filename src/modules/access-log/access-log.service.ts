import type { Actor } from '../../common/actor';
import { checkId } from '../../common/ids';
import { checkFirst, connectionOf, countWhenAsked, decodeCursor } from '../../common/pagination';
import type { RequestDb } from '../../database/request-db';
import { chainHash } from './access-log.chain';
import { AccessLogPolicy } from './access-log.policy';
import type { AccessLogConnection, AccessLogEntry, AccessLogFilter, AccessLogVerification } from './access-log.types';
import { LawfulBasis, type RecordedBasis } from './lawful-basis';

const VERIFY_BATCH = 20_000;

/** One person's records, as a subject access export found them. */
export type SubjectRecords = { personIds: readonly string[]; incidentIds: readonly string[]; caseIds: readonly string[] };

/** An access-log entry as the access_log_entry view gives it (one row per disclosure). */
type EntryRow = {
  id: string;
  n: number;
  at: Date;
  actor_id: string;
  action: 'READ' | 'WRITE';
  entity: string;
  entity_id: string;
  case_id: string | null;
  lawful_basis: RecordedBasis | null;
};

const ENTRY_COLUMNS = `l.id::text AS id, l.n, l.at, l.actor_id, l.action, l.entity, l.entity_id, l.case_id, l.lawful_basis`;

/**
 * An entry's id: its row's id for the row's first record, `row.n` for the n-th.
 * A row carried over from one-row-per-record keeps the id it had.
 */
export const entryId = (rowId: string, n: number): string => (n === 1 ? rowId : `${rowId}.${n}`);

/** The row and place an entry id names, or null when it is not one. */
export function parseEntryId(id: string): [rowId: string, n: number] | null {
  const match = /^([1-9]\d{0,18})(?:\.([1-9]\d{0,8}))?$/.exec(id);
  return match ? [match[1], Number(match[2] ?? 1)] : null;
}

/** SQL conditions and their positional parameters, built together so the numbers cannot drift. */
class Conditions {
  readonly sql: string[] = [];
  readonly params: unknown[] = [];

  /** The placeholder of a new parameter, cast to `type`. */
  param(value: unknown, type: string): string {
    this.params.push(value);
    return `$${this.params.length}::${type}`;
  }

  add(condition: string): this {
    this.sql.push(`(${condition})`);
    return this;
  }

  /** Entries strictly before (newer-first order) the entry at row `rowId`, place `n`. */
  before(rowId: string, n: number): this {
    const row = this.param(rowId, 'bigint');
    // The bare `l.id <= row` lets the primary key bound the scan; the pair orders within the row.
    return this.add(`l.id <= ${row} AND (l.id, l.n) < (${row}, ${this.param(n, 'int')})`);
  }

  get where(): string {
    return this.sql.length ? this.sql.join(' AND ') : 'true';
  }
}

/** Reading and verifying the access log (auditors only). */
export class AccessLogService {
  constructor(private readonly db: RequestDb) {}

  /** Entries newest first (within a request, last disclosed first), filtered. */
  async list(actor: Actor, filter: AccessLogFilter | null | undefined, firstArg: number, after?: string | null): Promise<AccessLogConnection> {
    AccessLogPolicy.authorize(actor, 'audit');
    const first = checkFirst(firstArg, 500);
    const cursor = after ? decodeCursor(after, ['bigint', 'position']) : null;
    const auditedPartnershipIds = AccessLogPolicy.auditedPartnershipIds(actor);
    if (auditedPartnershipIds.length === 0) return connectionOf([], first, 0, () => null);
    const manager = await this.db.manager();
    const scoped = () => {
      const c = new Conditions();
      c.add(AccessLogPolicy.entryInScope(c.param([...auditedPartnershipIds], 'uuid[]')));
      if (filter?.actorId) c.add(`l.actor_id = ${c.param(checkId(filter.actorId, 'filter.actorId'), 'uuid')}`);
      if (filter?.entity) c.add(`l.entity = ${c.param(filter.entity, 'text')}`);
      if (filter?.entityId) {
        const id = c.param(checkId(filter.entityId, 'filter.entityId'), 'uuid');
        // The containment test finds the rows through the GIN index; the equality keeps the one entry of each.
        c.add(`l.entity_ids @> ARRAY[${id}] AND l.entity_id = ${id}`);
      }
      if (filter?.caseId) c.add(`l.case_id = ${c.param(checkId(filter.caseId, 'filter.caseId'), 'uuid')}`);
      if (filter?.from) c.add(`l.at >= ${c.param(filter.from, 'timestamptz')}`);
      if (filter?.to) c.add(`l.at <= ${c.param(filter.to, 'timestamptz')}`);
      if (filter?.lawfulBasis === LawfulBasis.NOT_RECORDED) c.add('l.lawful_basis IS NULL');
      else if (filter?.lawfulBasis) c.add(`l.lawful_basis = ${c.param(filter.lawfulBasis, 'text')}`);
      return c;
    };
    const page = scoped();
    if (cursor) page.before(cursor[0], Number(cursor[1]));
    const rows: EntryRow[] = await manager.query(
      `SELECT ${ENTRY_COLUMNS} FROM access_log_entry l WHERE ${page.where} ORDER BY l.id DESC, l.n DESC LIMIT ${first + 1}`,
      page.params,
    );
    const count = async () => {
      const all = scoped();
      const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM access_log_entry l WHERE ${all.where}`, all.params);
      return n as number;
    };
    return connectionOf(rows, first, countWhenAsked(count), (row) => ({ cursor: [row.id, String(row.n)], node: entryView(row) }));
  }

  /**
   * The entries about one person's records, newest first: reads and writes of
   * their person records (and the exports about them), of the incidents they
   * reported and of their cases, and the agencies' answers read on those cases.
   * The caller's right to these records was decided before (a data protection
   * officer's subject, opened in the database: the access_log_subject policy lets
   * through the rows holding any of these ids, and only this subject's ids are
   * listed from them). `before`: the page continues below that entry (its id).
   */
  async about(records: SubjectRecords, first: number, before: string | null): Promise<{ entries: AccessLogEntry[]; hasMore: boolean }> {
    const c = this.aboutConditions(records);
    const after = before ? parseEntryId(before) : null;
    if (after) c.before(...after);
    const rows: EntryRow[] = await (await this.db.manager()).query(
      `SELECT ${ENTRY_COLUMNS} FROM access_log_entry l WHERE ${c.where} ORDER BY l.id DESC, l.n DESC LIMIT ${first + 1}`,
      c.params,
    );
    return { entries: rows.slice(0, first).map(entryView), hasMore: rows.length > first };
  }

  /** How many entries `about` lists in all. */
  async countAbout(records: SubjectRecords): Promise<number> {
    const c = this.aboutConditions(records);
    const [{ n }] = await (await this.db.manager()).query(`SELECT count(*)::int AS n FROM access_log_entry l WHERE ${c.where}`, c.params);
    return n;
  }

  private aboutConditions(records: SubjectRecords): Conditions {
    const c = new Conditions();
    const persons = c.param([...records.personIds], 'uuid[]');
    const incidents = c.param([...records.incidentIds], 'uuid[]');
    const cases = c.param([...records.caseIds], 'uuid[]');
    // Each overlap finds the rows through the GIN index; the ANY keeps only the subject's ids of them.
    return c.add(`(l.entity IN ('Person', 'SubjectAccessExport') AND l.entity_ids && ${persons} AND l.entity_id = ANY (${persons}))
        OR (l.entity = 'Incident' AND l.entity_ids && ${incidents} AND l.entity_id = ANY (${incidents}))
        OR (l.entity IN ('CaseReview', 'Consent') AND l.entity_ids && ${cases} AND l.entity_id = ANY (${cases}))
        OR (l.entity = 'InformationRequest' AND l.case_id = ANY (${cases}))`);
  }

  /**
   * Recomputes every lane's chain in id order and names the first row whose
   * hash does not follow (by its first entry's id, which is the row's): the whole log, though the auditor reads only their
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
          `SELECT lane, id::text AS id, at, actor_id, action, entity, entity_ids, case_id, lawful_basis, hash FROM hub_access_log_chain($1::smallint, $2::bigint, $3)`,
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
          entityIds: row.entity_ids,
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
  /** Joined by commas, as the hash spells them. */
  entity_ids: string;
  case_id: string | null;
  lawful_basis: string | null;
  hash: string;
};

export function entryView(row: EntryRow): AccessLogEntry {
  return {
    id: entryId(row.id, row.n),
    at: row.at,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    lawfulBasis: row.lawful_basis ?? LawfulBasis.NOT_RECORDED,
    actorId: row.actor_id,
    caseId: row.case_id,
  };
}
