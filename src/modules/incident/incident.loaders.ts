import type { EntityManager } from 'typeorm';
import { byKeys, groupByKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { joined, readByIds, rowShape, type Joined } from '../../database/rows';
import { IncidentRevisionRecord } from './incident-revision.entity';
import { IncidentRecord } from './incident.entity';

type FactsRow = { id: string; agency_id: string; reference: string; occurred_at: Date; reported_at: Date; category: string; version: number; reporter_id: string };

/**
 * Records of which the caller may know only the non-personal facts (reached
 * through a case whose consent was withdrawn): the database withholds the row
 * itself, and these stand-ins carry no summary, location or reporter details.
 */
const FACTS_ONLY = new WeakSet<IncidentRecord>();

export function isFactsOnly(record: IncidentRecord): boolean {
  return FACTS_ONLY.has(record);
}

/** Per-request loaders for incident records and their history. Visibility is the service's business. */
export function createIncidentLoaders(db: RequestDb) {
  const byId = requestLoader<string, IncidentRecord | null>(db, async (ids) => {
    const rows = await readByIds(await db.manager(), IncidentRecord, ids);
    return byKeys(ids, rows, (r) => r.id);
  });
  const revisionPages = new Map<number, ReturnType<typeof requestLoader<string, IncidentRevisionRecord[]>>>();
  return {
    byId,
    /** Incidents read in another module's statement under `alias` (a case's linked incidents), primed into byId. */
    joined: (manager: EntityManager, alias: string): Joined => joined<IncidentRecord>(rowShape(manager, IncidentRecord, alias), byId),
    /** The full record where row-level security lets the caller read it, else its non-personal facts, else null. */
    byIdOrFacts: requestLoader<string, IncidentRecord | null>(db, async (ids) => {
      const full = await byId.loadMany(ids);
      const missing = ids.filter((_, i) => !full[i] || full[i] instanceof Error);
      if (missing.length === 0) return full as (IncidentRecord | null)[];
      const facts: FactsRow[] = await (await db.manager()).query('SELECT * FROM hub_incident_facts($1::uuid[])', [missing]);
      const stand = byKeys(missing, facts.map(toFactsOnly), (r) => r.id);
      const byMissing = new Map(missing.map((id, i) => [id, stand[i]]));
      return ids.map((id, i) => (full[i] && !(full[i] instanceof Error) ? (full[i] as IncidentRecord) : byMissing.get(id) ?? null));
    }),
    /** The `first` newest revisions of each incident: one loader per page size, one statement per batch. */
    revisions(first: number) {
      let loader = revisionPages.get(first);
      if (!loader) {
        loader = requestLoader<string, IncidentRevisionRecord[]>(db, async (incidentIds) => {
          const rows = await (await db.manager())
            .createQueryBuilder(IncidentRevisionRecord, 'r')
            // The page is cut in the database (each incident's newest `first` by the primary key):
            // a record changed 3,000 times never loads 3,000 versions.
            .where(
              `(r.incident_id, r.version) IN (SELECT page.incident_id, page.version FROM unnest(:ids::uuid[]) AS wanted(id)
                 CROSS JOIN LATERAL (SELECT incident_id, version FROM incident_revision
                   WHERE incident_id = wanted.id ORDER BY version DESC LIMIT :first) page)`,
              { ids: [...incidentIds], first },
            )
            .orderBy('r.version', 'DESC')
            .getMany();
          return groupByKeys(incidentIds, rows, (r) => r.incidentId);
        });
        revisionPages.set(first, loader);
      }
      return loader;
    },
  };
}

function toFactsOnly(row: FactsRow): IncidentRecord {
  const record = Object.assign(new IncidentRecord(), {
    id: row.id,
    agencyId: row.agency_id,
    reference: row.reference,
    occurredAt: row.occurred_at,
    reportedAt: row.reported_at,
    category: row.category,
    version: row.version,
    reporterId: row.reporter_id,
    summary: '',
    location: null,
  });
  FACTS_ONLY.add(record);
  return record;
}

export type IncidentLoaders = ReturnType<typeof createIncidentLoaders>;
