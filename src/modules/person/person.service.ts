import { randomUUID } from 'node:crypto';
import type { RecordedBasis } from '../access-log/lawful-basis';
import type { EntityManager } from 'typeorm';
import type { RequestDb } from '../../database/request-db';
import { normaliseName, normalisePostcode, samePerson, type MatchablePerson } from './person.matching';

/*
 * The person table is this module's: people are created, recognised again and
 * tidied here only. Case reviews (applicant, victim) and incident intake
 * (reporters) hand in what they were told and get the person's id back.
 */

/** A person's details as kept: trimmed name, postcode in capitals, email in lower case, nulls for what is absent. */
export type PersonDetails = {
  kind: string;
  name: string;
  dateOfBirth: string | null;
  address: string | null;
  postcode: string | null;
  phone: string | null;
  email: string | null;
};

/** What a caller may hand in: the GraphQL PersonInput, or a reporter as an agency sent it. */
export type PersonDetailsInput = {
  kind: string;
  name: string;
  dateOfBirth?: string | null;
  address?: string | null;
  postcode?: string | null;
  phone?: string | null;
  email?: string | null;
};

/** The one tidying of a person's details, wherever they come from. */
export function tidyPerson(input: PersonDetailsInput): PersonDetails {
  return {
    kind: input.kind,
    name: input.name.trim(),
    dateOfBirth: input.dateOfBirth ?? null,
    address: input.address ?? null,
    postcode: input.postcode ? input.postcode.trim().toUpperCase() : null,
    phone: input.phone ?? null,
    email: input.email ? input.email.trim().toLowerCase() : null,
  };
}

type Candidate = MatchablePerson & { id: string } & Record<string, unknown>;

/** Creates and recognises the people an agency holds, in the caller's transaction. */
export class PersonService {
  constructor(private readonly db: RequestDb) {}

  /**
   * A new person of the agency (an applicant or a victim); their id. The caller
   * logs the write with the case it is made for, once that case exists.
   */
  async create(manager: EntityManager, agencyId: string, input: PersonDetailsInput): Promise<string> {
    const [id] = await this.insert(manager, agencyId, [{ id: randomUUID(), details: tidyPerson(input) }]);
    return id;
  }

  /**
   * The person id for each reporter of an agency's batch: an existing person of
   * the agency recognised by name and date of birth or postcode (their details
   * brought up to date with the newest report), or a new person, shared by the
   * rows of this batch that name the same reporter. Three statements at most.
   * The details are tidied already (tidyPerson): they are also the incident's
   * content as submitted. `updated` names the known people whose details changed
   * (the repeat-report matching looks at their incidents again).
   */
  async recogniseOrCreate(
    manager: EntityManager,
    agencyId: string,
    reporters: readonly PersonDetails[],
    basis: RecordedBasis,
  ): Promise<{ ids: string[]; updated: ReadonlySet<string> }> {
    const keyed = reporters.map((r) => ({
      reporter: r,
      match: { nameKey: normaliseName(r.name), dateOfBirth: r.dateOfBirth, postcodeKey: normalisePostcode(r.postcode) },
    }));
    const candidates: Candidate[] = await manager.query(
      `SELECT id, kind::text AS kind, name, name_key AS "nameKey", to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
              address, postcode, postcode_key AS "postcodeKey", phone, email
         FROM person WHERE agency_id = $1 AND name_key = ANY($2::text[])
        ORDER BY created_at, id`,
      [agencyId, [...new Set(keyed.map((k) => k.match.nameKey))]],
    );

    const fresh: (MatchablePerson & { id: string; reporter: PersonDetails; exact: string })[] = [];
    const updates = new Map<string, PersonDetails>();
    const ids = keyed.map(({ reporter, match }) => {
      const known = candidates.find((c) => samePerson(c, match));
      if (known) {
        if (differs(known, reporter)) updates.set(known.id, reporter);
        return known.id;
      }
      // Without date of birth or postcode nobody can be recognised; within one batch
      // the very same details still name one person.
      const exact = JSON.stringify(reporter);
      const sibling = fresh.find((f) => samePerson(f, match) || f.exact === exact);
      if (sibling) return sibling.id;
      const created = { id: randomUUID(), ...match, reporter, exact };
      fresh.push(created);
      return created.id;
    });

    if (fresh.length > 0) {
      await this.insert(manager, agencyId, fresh.map((f) => ({ id: f.id, details: f.reporter })));
      for (const f of fresh) this.db.accessLog.write('Person', f.id, null, basis);
    }

    if (updates.size > 0) {
      const entries = [...updates.entries()];
      // Newest report wins for the details it gives; what it leaves out is kept.
      await manager.query(
        `UPDATE person p
            SET kind = u.kind::person_kind, name = u.name,
                date_of_birth = coalesce(u.date_of_birth, p.date_of_birth), address = coalesce(u.address, p.address),
                postcode = coalesce(u.postcode, p.postcode), postcode_key = coalesce(u.postcode_key, p.postcode_key),
                phone = coalesce(u.phone, p.phone), email = coalesce(u.email, p.email), updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
             AS u(id, kind, name, date_of_birth, address, postcode, postcode_key, phone, email)
          WHERE p.id = u.id`,
        [
          entries.map(([id]) => id),
          entries.map(([, r]) => r.kind),
          entries.map(([, r]) => r.name),
          entries.map(([, r]) => r.dateOfBirth),
          entries.map(([, r]) => r.address),
          entries.map(([, r]) => r.postcode),
          entries.map(([, r]) => normalisePostcode(r.postcode)),
          entries.map(([, r]) => r.phone),
          entries.map(([, r]) => r.email),
        ],
      );
      for (const [id] of entries) this.db.accessLog.write('Person', id, null, basis);
    }
    return { ids, updated: new Set(updates.keys()) };
  }

  /** Inserts people with the ids given, their match keys computed here (one statement). */
  private async insert(manager: EntityManager, agencyId: string, people: readonly { id: string; details: PersonDetails }[]): Promise<string[]> {
    await manager.query(
      `INSERT INTO person (id, agency_id, kind, name, name_key, date_of_birth, address, postcode, postcode_key, phone, email)
       SELECT u.id, $1, u.kind::person_kind, u.name, u.name_key, u.date_of_birth, u.address, u.postcode, u.postcode_key, u.phone, u.email
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
           AS u(id, kind, name, name_key, date_of_birth, address, postcode, postcode_key, phone, email)`,
      [
        agencyId,
        people.map((p) => p.id),
        people.map((p) => p.details.kind),
        people.map((p) => p.details.name),
        people.map((p) => normaliseName(p.details.name)),
        people.map((p) => p.details.dateOfBirth),
        people.map((p) => p.details.address),
        people.map((p) => p.details.postcode),
        people.map((p) => normalisePostcode(p.details.postcode)),
        people.map((p) => p.details.phone),
        people.map((p) => p.details.email),
      ],
    );
    return people.map((p) => p.id);
  }
}

function differs(known: Record<string, unknown>, reporter: PersonDetails): boolean {
  if (known.kind !== reporter.kind || known.name !== reporter.name) return true;
  const optional = ['dateOfBirth', 'address', 'postcode', 'phone', 'email'] as const;
  return optional.some((field) => reporter[field] !== null && reporter[field] !== known[field]);
}
