import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { londonToday } from '../../common/clock';
import { checkId } from '../../common/ids';
import { checkFirst, connectionOf, countWhenAsked, decodeCursor } from '../../common/pagination';
import type { RequestDb } from '../../database/request-db';
import { rowShape } from '../../database/rows';
import type { AgencyLoaders } from '../agency/agency.loaders';
import type { PersonLoaders } from '../person/person.loaders';
import type { PersonService } from '../person/person.service';
import type { PersonRecord } from '../person/person.entity';
import { tidyPerson } from '../person/person.service';
import { personView, type Person } from '../person/person.types';
import { LawfulBasis } from '../access-log/lawful-basis';
import { IncidentRecord } from './incident.entity';
import { isFactsOnly, type IncidentLoaders } from './incident.loaders';
import { IncidentErrors } from './incident.errors';
import type { IncidentFilter, IncidentInput } from './incident.inputs';
import { recordIncidentBatch, type IntakeRow } from './incident.intake';
import { IncidentPolicy } from './incident.policy';
import { HISTORY_MAX, MAX_BATCH } from './incident.types';
import {
  incidentView,
  type Incident,
  type IncidentConnection,
  type IncidentRevision,
  type RecordIncidentsPayload,
} from './incident.types';


/**
 * The case through which a caller without direct access sees an incident, if
 * any, and whether its consent is active. Case reviews answer it; it is handed
 * in by the composition root (src/graphql/context.ts) so that this module,
 * which case reviews read, does not import them back.
 */
export type CaseThroughLookup = (actor: Actor, incidentId: string) => Promise<{ caseId: string; consentActive: boolean } | null>;

/**
 * What runs after an intake, in its savepoint, over the new incidents and those
 * whose reporter changed: the prompts at a repeat report (review-prompt module),
 * handed in by the composition root; its result is the payload's `followUp`.
 */
export type IntakeFollowUp = (manager: EntityManager, reporterChangedIds: readonly string[]) => Promise<unknown>;

/** Intake of the agencies' incident records, and reading them as the caller may. */
export class IncidentService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { incidents: IncidentLoaders; persons: PersonLoaders; agencies: AgencyLoaders },
    private readonly people: PersonService,
    private readonly caseThrough: CaseThroughLookup,
    private readonly afterIntake: IntakeFollowUp,
  ) {}

  /** Upserts a batch for the caller's agency: all of it, or (on any bad row) none of it. */
  async record(actor: Actor, inputs: readonly IncidentInput[], now = new Date()): Promise<RecordIncidentsPayload> {
    const basis = IncidentPolicy.authorize(actor, 'record');
    const rows = validateBatch(inputs, now);
    // The follow-up (the prompts at a repeat report) runs in the intake's savepoint: a refused batch raises none.
    const { result, followUp } = await this.db.transaction(async (manager) => {
      const result = await recordIncidentBatch(manager, actor.agencyId, rows, this.db.accessLog, this.people, basis);
      return { result, followUp: await this.afterIntake(manager, result.reporterChangedIds) };
    });
    for (const id of result.ids) this.loaders.incidents.byId.clear(id);
    return { created: result.created, updated: result.updated, unchanged: result.unchanged, recordedIds: result.ids, followUp };
  }

  /** The incidents a batch of the caller's just recorded, in input order (RecordIncidentsPayload.incidents). */
  async recorded(payload: RecordIncidentsPayload): Promise<Incident[]> {
    const records = await this.loaders.incidents.byId.loadMany(payload.recordedIds);
    // The caller's agency's own records, as recordIncidents wrote them.
    return records.map((record) => incidentView(record as IncidentRecord, { basis: LawfulBasis.OWN_RECORD, caseId: null, historyBasis: LawfulBasis.OWN_RECORD }));
  }

  /** One incident the caller may see; NOT_FOUND exactly as for one that does not exist. */
  async get(actor: Actor, idArg: string): Promise<Incident> {
    const id = checkId(idArg, 'id');
    const record = await this.loaders.incidents.byIdOrFacts.load(id);
    if (!record) throw IncidentErrors.NOT_FOUND('id');
    const view = await this.viewFor(actor, record);
    if (!view) throw IncidentErrors.NOT_FOUND('id');
    return view;
  }

  /**
   * The caller's view of a record: in full for its own agency's contributors
   * and responders; otherwise only through a case they may see, redacted unless
   * that case's consent is active (or their agency owns the record); null when
   * they may not know it exists.
   */
  private async viewFor(actor: Actor, record: IncidentRecord): Promise<Incident | null> {
    const historyBasis = IncidentPolicy.isOwner(actor, record) ? LawfulBasis.OWN_RECORD : null;
    if (IncidentPolicy.directAgencyId(actor) === record.agencyId && !isFactsOnly(record)) return incidentView(record, { basis: LawfulBasis.OWN_RECORD, caseId: null, historyBasis });
    const via = await this.caseThrough(actor, record.id);
    if (!via) return null;
    return incidentView(record, { basis: isFactsOnly(record) ? null : IncidentPolicy.disclosureBasis(actor, record, via), caseId: via.caseId, historyBasis });
  }

  /**
   * A page of the incidents the caller may see (their agency's, and those linked
   * to cases they may see), newest report first, with a total that counts only
   * those: other records leave no trace.
   */
  async list(actor: Actor, filter: IncidentFilter | null | undefined, firstArg: number, after?: string | null): Promise<IncidentConnection> {
    const first = checkFirst(firstArg);
    const cursor = after ? decodeCursor(after, ['timestamp', 'uuid']) : null;
    if (filter?.reportedFrom && filter.reportedTo && filter.reportedFrom > filter.reportedTo) {
      throw IncidentErrors.BAD_FILTER('filter.reportedFrom');
    }
    const filterAgencyId = filter?.agencyId ? checkId(filter.agencyId, 'filter.agencyId') : null;
    // Which records the caller may know of is the database's answer (hub_visible_incident_page and _count, the same
    // rules as the policies); each is then read in full where row-level security allows, else as its
    // non-personal facts (a case whose consent was withdrawn), and shown redacted.
    const manager = await this.db.manager();
    const filters = [filterAgencyId, filter?.category ?? null, filter?.reportedFrom ?? null, filter?.reportedTo ?? null];
    const page = await this.visiblePage(manager, [...filters, cursor?.[0] ?? null, cursor?.[1] ?? null, first + 1]);
    const total = countWhenAsked(async () => {
      const [{ n }]: { n: string }[] = await manager.query('SELECT hub_visible_incident_count($1, $2, $3, $4) AS n', filters);
      return Number(n);
    });
    const shown = page.slice(0, first);
    const records = await this.loaders.incidents.byIdOrFacts.loadMany(shown.map((r) => r.id));
    const views = await Promise.all(records.map((record) => (record && !(record instanceof Error) ? this.viewFor(actor, record) : null)));
    return connectionOf(page, first, total, (row, i) => (views[i] ? { cursor: [row.reported_at.toISOString(), row.id], node: views[i]! } : null));
  }

  /**
   * The page's ids (hub_visible_incident_page) and, in the same statement, each
   * record, its reporter and its agency as far as row-level security lets the
   * caller read them, handed to their loaders: a page of 100 with reporters and
   * agencies is one statement instead of four. A record the caller may not read
   * in full comes back null and is primed so (byIdOrFacts then reads its facts,
   * as before); a reporter withheld is left to the person loader.
   */
  private async visiblePage(manager: EntityManager, parameters: unknown[]): Promise<{ id: string; reported_at: Date }[]> {
    const i = rowShape(manager, IncidentRecord, 'i');
    const r = this.loaders.persons.joined(manager, 'r');
    const a = this.loaders.agencies.joined(manager, 'a');
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT page.id, page.reported_at, ${i.select}, ${r.select}, ${a.select}
         FROM hub_visible_incident_page($1, $2, $3, $4, $5, $6, $7) WITH ORDINALITY AS page(id, reported_at, n)
         LEFT JOIN ${i.table} i ON i.id = page.id
         LEFT JOIN ${r.table} r ON r.id = i.reporter_id
         LEFT JOIN ${a.table} a ON a.id = i.agency_id
        ORDER BY page.n`,
      parameters,
    );
    return rows.map((row) => {
      const id = row.id as string;
      const incident = i.read(row);
      this.loaders.incidents.byId.prime(id, incident);
      if (incident) {
        r.prime(row);
        a.prime(row);
      }
      return { id, reported_at: row.reported_at as Date };
    });
  }

  /**
   * An incident's personal free text as the caller may see it: null when
   * redacted; otherwise the value, and the disclosure goes to the access log
   * with its basis and the case it was seen through. Every reader of these
   * fields (the GraphQL fields, the panel pack, the subject access export)
   * comes here, so they log alike.
   */
  disclose(incident: Incident, field: 'summary' | 'location'): string | null {
    if (incident.basis === null) return null;
    const value = incident.record[field];
    if (value !== null) this.db.accessLog.read('Incident', incident.id, incident.caseId, incident.basis);
    return value;
  }

  /** The reporter as the caller may see them (redacted along with the incident). */
  async reporter(incident: Incident): Promise<Person | null> {
    if (incident.basis === null) return null;
    const record = await this.loaders.persons.byId.load(incident.record.reporterId);
    return record ? personView(record as PersonRecord, incident.basis, incident.caseId) : null;
  }

  /** Earlier versions, newest first: for the owning agency (and a subject access export) only. */
  async history(incident: Incident, firstArg: number): Promise<IncidentRevision[]> {
    const first = checkFirst(firstArg, HISTORY_MAX);
    if (!incident.historyBasis || first === 0) return [];
    const revisions = await this.loaders.incidents.revisions(first).load(incident.id);
    if (revisions.length > 0) this.db.accessLog.read('Incident', incident.id, incident.caseId, incident.historyBasis);
    return revisions.map((r) => ({
      version: r.version,
      occurredAt: new Date(r.content.occurredAt),
      reportedAt: new Date(r.content.reportedAt),
      category: r.content.category as IncidentRevision['category'],
      summary: r.content.summary,
      location: r.content.location,
      reporter: r.content.reporter as IncidentRevision['reporter'],
      supersededAt: r.supersededAt,
    }));
  }
}

/**
 * Checks the batch as a whole before anything is stored; the first bad row is
 * named in `field` (e.g. incidents.12.reportedAt). Field formats were checked by
 * the input's validators; what spans fields or rows is checked here.
 */
function validateBatch(inputs: readonly IncidentInput[], now: Date): IntakeRow[] {
  if (inputs.length > MAX_BATCH) throw IncidentErrors.BATCH_TOO_LARGE('incidents');
  const seen = new Map<string, number>();
  const today = londonToday(now);
  return inputs.map((input, i) => {
    const at = (field: string) => `incidents.${i}.${field}`;
    const reference = input.reference.trim();
    if (!reference) throw IncidentErrors.EMPTY_REFERENCE(at('reference'));
    if (seen.has(reference)) throw IncidentErrors.DUPLICATE_REFERENCE(at('reference'));
    seen.set(reference, i);
    if (input.occurredAt > now) throw IncidentErrors.IN_FUTURE(at('occurredAt'));
    if (input.reportedAt > now) throw IncidentErrors.IN_FUTURE(at('reportedAt'));
    if (input.reportedAt < input.occurredAt) throw IncidentErrors.REPORTED_BEFORE_OCCURRED(at('reportedAt'));
    const r = input.reporter;
    if (r.dateOfBirth && r.dateOfBirth > today) throw IncidentErrors.BAD_DATE_OF_BIRTH(at('reporter.dateOfBirth'));
    return {
      reference,
      occurredAt: input.occurredAt.toISOString(),
      reportedAt: input.reportedAt.toISOString(),
      category: input.category,
      summary: input.summary,
      location: input.location ?? null,
      reporter: tidyPerson(r),
    };
  });
}
