import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { RecordedBasis } from '../access-log/lawful-basis';
import type { AccessLogBuffer } from '../access-log/access-log.buffer';
import type { PersonService } from '../person/person.service';
import type { IncidentContent } from './incident-revision.entity';

/** One validated row of a batch, normalised (trimmed reference, nulls for absent optionals). */
export type IntakeRow = IncidentContent;

export type IntakeResult = {
  created: number;
  updated: number;
  unchanged: number;
  ids: string[];
  /** New incidents, and changed ones whose reporter changed (another person, or the person's details): what the repeat-report matching looks at. */
  reporterChangedIds: string[];
};

type ExistingRow = { id: string; reference: string; content_hash: string; reporter_id: string };

/**
 * Upserts one agency's batch keyed by (agency, reference), in a fixed number of
 * statements whatever its size. A transaction-scoped advisory lock per agency
 * serialises concurrent batches of that agency, so parallel retries of the same
 * batch leave one row per reference and two different edits are applied one
 * after the other (the earlier kept in the history), never lost; the unique
 * constraint on (agency_id, reference) stands behind it.
 */
export async function recordIncidentBatch(
  manager: EntityManager,
  agencyId: string,
  rows: readonly IntakeRow[],
  accessLog: AccessLogBuffer,
  people: PersonService,
  basis: RecordedBasis,
): Promise<IntakeResult> {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0, ids: [], reporterChangedIds: [] };
  // Batches of one agency queue here, one after another: waiting behind nine batches of 1000 on a busy
  // machine can outlast the 15 s a statement may take, so the wait alone may take a minute.
  await manager.query(`SET LOCAL statement_timeout = '60s'`);
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('incident-intake:' || $1, 0))`, [agencyId]);
  await manager.query(`SET LOCAL statement_timeout TO DEFAULT`);

  const hashes = rows.map(contentHash);
  const existing: ExistingRow[] = await manager.query(
    `SELECT id, reference, content_hash, reporter_id FROM incident WHERE agency_id = $1 AND reference = ANY($2::text[])`,
    [agencyId, rows.map((r) => r.reference)],
  );
  const byReference = new Map(existing.map((row) => [row.reference, row]));

  const ids: string[] = [];
  const toCreate: { id: string; row: IntakeRow }[] = [];
  const toUpdate: { id: string; row: IntakeRow; hash: string; reporterId: string }[] = [];
  let unchanged = 0;
  rows.forEach((row, i) => {
    const current = byReference.get(row.reference);
    if (!current) {
      const id = randomUUID();
      toCreate.push({ id, row });
      ids.push(id);
    } else if (current.content_hash === hashes[i]) {
      unchanged += 1;
      ids.push(current.id);
    } else {
      toUpdate.push({ id: current.id, row, hash: hashes[i], reporterId: current.reporter_id });
      ids.push(current.id);
    }
  });
  if (toCreate.length === 0 && toUpdate.length === 0) return { created: 0, updated: 0, unchanged, ids, reporterChangedIds: [] };

  const changing = [...toCreate, ...toUpdate];
  // The person module recognises reporters it knows (bringing their details up to date) and creates the rest.
  const { ids: reporterIds, updated: updatedPersonIds } = await people.recogniseOrCreate(manager, agencyId, changing.map((c) => c.row.reporter), basis);

  if (toCreate.length > 0) {
    const at = toCreate.map((_, i) => i);
    await manager.query(
      `INSERT INTO incident (id, agency_id, reference, occurred_at, reported_at, category, summary, location, reporter_id, content_hash)
       SELECT u.id, $1, u.reference, u.occurred_at, u.reported_at, u.category::asb_category, u.summary, u.location, u.reporter_id, u.content_hash
         FROM unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::text[])
           AS u(id, reference, occurred_at, reported_at, category, summary, location, reporter_id, content_hash)`,
      [
        agencyId,
        toCreate.map((c) => c.id),
        toCreate.map((c) => c.row.reference),
        toCreate.map((c) => c.row.occurredAt),
        toCreate.map((c) => c.row.reportedAt),
        toCreate.map((c) => c.row.category),
        toCreate.map((c) => c.row.summary),
        toCreate.map((c) => c.row.location),
        at.map((i) => reporterIds[i]),
        toCreate.map((c) => contentHash(c.row)),
      ],
    );
  }

  if (toUpdate.length > 0) {
    const ids = toUpdate.map((u) => u.id);
    // The version being replaced goes to the history first, exactly as it stands.
    await manager.query(
      `INSERT INTO incident_revision (incident_id, version, content)
       SELECT i.id, i.version, jsonb_build_object(
                'reference', i.reference, 'occurredAt', i.occurred_at, 'reportedAt', i.reported_at,
                'category', i.category, 'summary', i.summary, 'location', i.location,
                'reporter', jsonb_build_object('kind', p.kind, 'name', p.name, 'dateOfBirth', p.date_of_birth,
                  'address', p.address, 'postcode', p.postcode, 'phone', p.phone, 'email', p.email))
         FROM incident i JOIN person p ON p.id = i.reporter_id
        WHERE i.id = ANY($1::uuid[])`,
      [ids],
    );
    const offset = toCreate.length;
    await manager.query(
      `UPDATE incident i
          SET occurred_at = u.occurred_at, reported_at = u.reported_at, category = u.category::asb_category,
              summary = u.summary, location = u.location, reporter_id = u.reporter_id,
              content_hash = u.content_hash, version = i.version + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[])
           AS u(id, occurred_at, reported_at, category, summary, location, reporter_id, content_hash)
        WHERE i.id = u.id`,
      [
        ids,
        toUpdate.map((u) => u.row.occurredAt),
        toUpdate.map((u) => u.row.reportedAt),
        toUpdate.map((u) => u.row.category),
        toUpdate.map((u) => u.row.summary),
        toUpdate.map((u) => u.row.location),
        toUpdate.map((_, i) => reporterIds[offset + i]),
        toUpdate.map((u) => u.hash),
      ],
    );
  }

  for (const { id } of changing) accessLog.write('Incident', id, null, basis);
  const firstUpdate = toCreate.length;
  const reporterChangedIds = [
    ...toCreate.map((c) => c.id),
    ...toUpdate
      .filter((u, i) => reporterIds[firstUpdate + i] !== u.reporterId || updatedPersonIds.has(reporterIds[firstUpdate + i]))
      .map((u) => u.id),
  ];
  return { created: toCreate.length, updated: toUpdate.length, unchanged, ids, reporterChangedIds };
}

/** sha256 over the submitted content in a fixed key order. */
export function contentHash(row: IntakeRow): string {
  const r = row.reporter;
  const canonical = [
    row.reference, row.occurredAt, row.reportedAt, row.category, row.summary, row.location,
    r.kind, r.name, r.dateOfBirth, r.address, r.postcode, r.phone, r.email,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
