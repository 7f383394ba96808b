import type { Actor } from '../../common/actor';
import { CommonErrors } from '../../common/errors';
import { checkId } from '../../common/ids';
import { checkFirst, decodeCursor, encodeCursor } from '../../common/pagination';
import type { ServiceDeps } from '../../graphql/services';
import { CaseReviewPolicy } from '../case-review/case-review.policy';
import { PersonRecord } from '../person/person.entity';
import { personView, type Person } from '../person/person.types';
import { IncidentRecord } from './incident.entity';
import { isFactsOnly } from './incident.loaders';
import { IncidentErrors } from './incident.errors';
import type { IncidentFilter, IncidentInput } from './incident.inputs';
import { recordIncidentBatch, type IntakeRow } from './incident.intake';
import { IncidentPolicy } from './incident.policy';
import {
  incidentView,
  type Incident,
  type IncidentConnection,
  type IncidentRevision,
  type RecordIncidentsPayload,
} from './incident.types';

export const MAX_BATCH = 1000;

/** Matches no row: stands in for "no such scope" in a query's parameters. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Intake of the agencies' incident records, and reading them as the caller may. */
export class IncidentService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Upserts a batch for the caller's agency: all of it, or (on any bad row) none of it. */
  async record(actor: Actor, inputs: readonly IncidentInput[], now = new Date()): Promise<RecordIncidentsPayload> {
    if (!IncidentPolicy.canRecord(actor)) throw CommonErrors.FORBIDDEN();
    const rows = validateBatch(inputs, now);
    const result = await this.deps.db.transaction((manager) =>
      recordIncidentBatch(manager, actor.agencyId, rows, this.deps.db.accessLog),
    );
    for (const id of result.ids) this.deps.loaders.incidents.byId.clear(id);
    const records = await this.deps.loaders.incidents.byId.loadMany(result.ids);
    return {
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      incidents: records.map((record) => incidentView(record as IncidentRecord, { redacted: false, caseId: null, owned: true })),
    };
  }

  /** One incident the caller may see; NOT_FOUND exactly as for one that does not exist. */
  async get(actor: Actor, idArg: string): Promise<Incident> {
    const id = checkId(idArg, 'id');
    const record = await this.deps.loaders.incidents.byIdOrFacts.load(id);
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
    const owned = IncidentPolicy.isOwner(actor, record);
    if (IncidentPolicy.directAgencyId(actor) === record.agencyId && !isFactsOnly(record)) return incidentView(record, { redacted: false, caseId: null, owned });
    const via = await this.deps.services.cases.caseThrough(actor, record.id);
    if (!via) return null;
    return incidentView(record, { redacted: isFactsOnly(record) || !(owned || via.consentActive), caseId: via.caseId, owned });
  }

  /**
   * A page of the incidents the caller may see (their agency's, and those linked
   * to cases they may see), newest report first, with a total that counts only
   * those: other records leave no trace.
   */
  async list(actor: Actor, filter: IncidentFilter | null | undefined, firstArg: number, after?: string | null): Promise<IncidentConnection> {
    const first = checkFirst(firstArg);
    const cursor = after ? decodeCursor(after, ['string', 'string']) : null;
    if (filter?.reportedFrom && filter.reportedTo && filter.reportedFrom > filter.reportedTo) {
      throw IncidentErrors.BAD_FILTER('filter.reportedFrom');
    }
    const agencyId = IncidentPolicy.directAgencyId(actor);
    const cases = CaseReviewPolicy.listScope(actor);
    const filterAgencyId = filter?.agencyId ? checkId(filter.agencyId, 'filter.agencyId') : null;
    if (!agencyId && cases.partnershipIds.length === 0 && !cases.panelUserId) {
      return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
    }
    const manager = await this.deps.db.manager();
    const scoped = () => {
      // Own agency's records, and those linked to a case the caller may see.
      const query = manager.createQueryBuilder(IncidentRecord, 'i').where(
        `(i.agency_id = :agencyId OR i.id IN (
            SELECT ci.incident_id FROM case_incident ci JOIN case_review c ON c.id = ci.case_id
             WHERE c.partnership_id = ANY(:partnershipIds)
                OR c.id IN (SELECT p.case_id FROM panel p JOIN panel_member m ON m.panel_id = p.id WHERE m.user_id = :panelUserId)))`,
        {
          agencyId: agencyId ?? NO_ID,
          partnershipIds: cases.partnershipIds,
          panelUserId: cases.panelUserId ?? NO_ID,
        },
      );
      if (filterAgencyId) query.andWhere('i.agency_id = :filterAgencyId', { filterAgencyId });
      if (filter?.category) query.andWhere('i.category = :category', { category: filter.category });
      if (filter?.reportedFrom) query.andWhere('i.reported_at >= :from', { from: filter.reportedFrom });
      if (filter?.reportedTo) query.andWhere('i.reported_at <= :to', { to: filter.reportedTo });
      return query;
    };
    const page = scoped().orderBy('i.reported_at', 'DESC').addOrderBy('i.id', 'DESC').limit(first + 1);
    if (cursor) page.andWhere('(i.reported_at, i.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))', { at: cursor[0], id: cursor[1] });
    const [records, total] = await Promise.all([page.getMany(), scoped().getCount()]);
    const shown = records.slice(0, first);
    for (const record of shown) this.deps.loaders.incidents.byId.prime(record.id, record);
    const views = await Promise.all(shown.map((record) => this.viewFor(actor, record)));
    const edges = shown.map((record, i) => ({ cursor: encodeCursor([record.reportedAt.toISOString(), record.id]), node: views[i]! }));
    return {
      edges,
      pageInfo: { hasNextPage: records.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: total,
    };
  }

  /** The reporter as the caller may see them (redacted along with the incident). */
  async reporter(incident: Incident): Promise<Person | null> {
    if (incident.redacted) return null;
    const record = await this.deps.loaders.persons.byId.load(incident.record.reporterId);
    return record ? personView(record as PersonRecord, false, incident.caseId) : null;
  }

  /** Earlier versions, newest first: for the owning agency only. */
  async history(incident: Incident): Promise<IncidentRevision[]> {
    if (!incident.owned) return [];
    const revisions = await this.deps.loaders.incidents.revisions.load(incident.id);
    if (revisions.length > 0) this.deps.db.accessLog.read('Incident', incident.id, incident.caseId);
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
  const today = now.toISOString().slice(0, 10);
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
      reporter: {
        kind: r.kind,
        name: r.name.trim(),
        dateOfBirth: r.dateOfBirth ?? null,
        address: r.address ?? null,
        postcode: r.postcode ? r.postcode.trim().toUpperCase() : null,
        phone: r.phone ?? null,
        email: r.email ? r.email.trim().toLowerCase() : null,
      },
    };
  });
}
