import type { EntityManager } from 'typeorm';
import { byKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { joined, readByIds, rowShape, type Joined } from '../../database/rows';
import type { PersonKind } from './person-kind';
import { PersonRecord } from './person.entity';

/** Persons of whom the caller may know only the kind (their details withheld by the database). */
const KIND_ONLY = new WeakSet<PersonRecord>();

export function isKindOnly(record: PersonRecord): boolean {
  return KIND_ONLY.has(record);
}

/** Per-request loaders for person records. Redaction is decided where a Person view is made. */
export function createPersonLoaders(db: RequestDb) {
  const byId = requestLoader<string, PersonRecord | null>(db, async (ids) => {
    const rows = await readByIds(await db.manager(), PersonRecord, ids);
    return byKeys(ids, rows, (r) => r.id);
  });
  return {
    byId,
    /** Persons read in another module's statement under `alias` (an incident page's reporters), primed into byId. */
    joined: (manager: EntityManager, alias: string): Joined => joined<PersonRecord>(rowShape(manager, PersonRecord, alias), byId),
    /** The record where row-level security lets the caller read it, else a stand-in with its kind only, else null. */
    byIdOrKind: requestLoader<string, PersonRecord | null>(db, async (ids) => {
      const full = await byId.loadMany(ids);
      const missing = ids.filter((_, i) => !full[i] || full[i] instanceof Error);
      const kinds: { id: string; kind: PersonKind }[] = missing.length
        ? await (await db.manager()).query('SELECT * FROM hub_person_kinds($1::uuid[])', [missing])
        : [];
      const stand = new Map(
        kinds.map((k) => {
          const record = Object.assign(new PersonRecord(), { id: k.id, kind: k.kind, agencyId: '', name: '', nameKey: '', dateOfBirth: null, address: null, postcode: null, postcodeKey: null, phone: null, email: null });
          KIND_ONLY.add(record);
          return [k.id, record] as const;
        }),
      );
      return ids.map((id, i) => (full[i] && !(full[i] instanceof Error) ? (full[i] as PersonRecord) : stand.get(id) ?? null));
    }),
  };
}

export type PersonLoaders = ReturnType<typeof createPersonLoaders>;
