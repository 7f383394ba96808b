import type { EntityManager } from 'typeorm';
import { requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { joined, readByIds, rowShape, type Joined } from '../../database/rows';
import { Agency } from './agency.entity';

/** Per-request loaders for agencies (organisation data: not personal, visible wherever it is referenced). */
export function createAgencyLoaders(db: RequestDb) {
  // Agencies are few (a county's dozen, the country's hundreds): the first batch reads them all,
  // so a case history's agencies (of incidents, requests, recommendations) cost one statement.
  let all: Map<string, Agency> | null = null;
  const byId = requestLoader<string, Agency | null>(db, async (ids) => {
    const manager = await db.manager();
    if (!all) {
      const a = rowShape(manager, Agency, 'a');
      const rows: Record<string, unknown>[] = await manager.query(`SELECT ${a.select} FROM ${a.table} a`);
      all = new Map(rows.map((row) => a.read(row)!).map((agency) => [agency.id, agency]));
    }
    const missing = ids.filter((id) => !all!.has(id));
    // One created by this request after the first read.
    if (missing.length > 0) for (const agency of await readByIds(manager, Agency, missing)) all.set(agency.id, agency);
    return ids.map((id) => all!.get(id) ?? null);
  });
  return {
    byId,
    /** Agencies read in another module's statement under `alias` (an incident page's agencies), primed into byId. */
    joined: (manager: EntityManager, alias: string): Joined => joined<Agency>(rowShape(manager, Agency, alias), byId),
  };
}

export type AgencyLoaders = ReturnType<typeof createAgencyLoaders>;
