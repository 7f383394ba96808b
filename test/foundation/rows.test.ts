import { randomUUID } from 'node:crypto';
import { Any } from 'typeorm';
import { rowShape } from '../../src/database/rows';
import { Agency } from '../../src/modules/agency/agency.entity';
import { AgencyKind } from '../../src/modules/agency/agency-kind';
import { AsbCategory } from '../../src/modules/incident/asb-category';
import { IncidentRecord } from '../../src/modules/incident/incident.entity';
import { PersonKind } from '../../src/modules/person/person-kind';
import { PersonRecord } from '../../src/modules/person/person.entity';
import { startTestHub, type TestHub } from '../support/hub';

/*
 * The hot loaders read plain rows and build their entities with rowShape
 * (src/database/rows.ts) instead of TypeORM's hydration: the objects must be
 * the ones TypeORM builds, column for column (a date of birth stays a
 * YYYY-MM-DD string, a missing location null), of the same class.
 */
describe('entities read from plain rows', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  it('are what TypeORM hydrates, and null where a LEFT JOIN found nothing', async () => {
    const manager = hub.dataSource.manager;
    const tag = randomUUID().slice(0, 8);
    const agency = await manager.save(Object.assign(new Agency(), { code: `ROWS-${tag}`, name: 'Rows Police', kind: AgencyKind.POLICE }));
    const person = await manager.save(
      Object.assign(new PersonRecord(), { agencyId: agency.id, kind: PersonKind.INDIVIDUAL, name: 'Row Reporter', nameKey: 'row reporter', dateOfBirth: '1980-02-29', address: null, postcode: 'ME1 1AA', postcodeKey: 'ME11AA', phone: null, email: null }),
    );
    const incident = await manager.save(
      Object.assign(new IncidentRecord(), { agencyId: agency.id, reference: `ROWS-${tag}`, occurredAt: new Date('2026-03-01T20:00:00Z'), reportedAt: new Date('2026-03-01T21:00:00Z'), category: AsbCategory.NOISE, summary: 'Loud', location: null, reporterId: person.id, contentHash: 'x' }),
    );

    const i = rowShape(manager, IncidentRecord, 'i');
    const r = rowShape(manager, PersonRecord, 'r');
    const a = rowShape(manager, Agency, 'a');
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${i.select}, ${r.select}, ${a.select}
         FROM unnest($1::uuid[]) AS wanted(id)
         LEFT JOIN ${i.table} i ON i.id = wanted.id LEFT JOIN ${r.table} r ON r.id = i.reporter_id LEFT JOIN ${a.table} a ON a.id = i.agency_id
        ORDER BY i.id NULLS LAST`,
      [[incident.id, randomUUID()]],
    );
    const [typeormIncident] = await manager.findBy(IncidentRecord, { id: Any([incident.id]) });
    const [typeormPerson] = await manager.findBy(PersonRecord, { id: person.id });
    const [typeormAgency] = await manager.findBy(Agency, { id: agency.id });
    for (const [shape, expected] of [[i, typeormIncident], [r, typeormPerson], [a, typeormAgency]] as const) {
      const read = (shape.read as (row: Record<string, unknown>) => unknown)(rows[0]);
      expect(read).toStrictEqual(expected);
      expect(Object.keys(read as object)).toEqual(Object.keys(expected));
      expect(shape.read(rows[1])).toBeNull();
    }
    expect(r.read(rows[0])!.dateOfBirth).toBe('1980-02-29');
  });
});
