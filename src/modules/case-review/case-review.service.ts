import type DataLoader from 'dataloader';
import { requestLoader } from '../../common/batch';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { checkId, checkIds } from '../../common/ids';
import { checkFirst, connectionOf, countWhenAsked, decodeCursor } from '../../common/pagination';
import { londonToday } from '../../common/clock';
import { addWorkingDays, londonDate } from '../../common/working-days';
import type { ServiceDeps } from '../../graphql/services';
import type { IncidentRecord } from '../incident/incident.entity';
import { isFactsOnly } from '../incident/incident.loaders';
import { incidentView, type Incident } from '../incident/incident.types';
import type { PersonInput } from '../person/person.inputs';
import { normaliseName, normalisePostcode, samePerson } from '../person/person.matching';
import { isKindOnly } from '../person/person.loaders';
import { personView, type Person } from '../person/person.types';
import { Role } from '../user/role';
import { CaseEventRecord } from './case-event.entity';
import { CaseReviewRecord } from './case-review.entity';
import { CaseStatus } from './case-review.enums';
import { CaseReviewErrors } from './case-review.errors';
import type { ApplicationInput, CaseReviewFilter } from './case-review.inputs';
import { ALLOWED_FROM, CaseReviewPolicy } from './case-review.policy';
import {
  caseView,
  consentActive,
  type CaseEvent,
  type CaseReview,
  type CaseReviewConnection,
  type ThresholdDecision,
  type ReportedIncident,
  type ThresholdSuggestion,
} from './case-review.types';
import { suggestThreshold } from './threshold';

const MAX_LINK = 500;
const MAX_TEXT = 5000;

/** What a case step needs: where it may start, its event, and who may take it. */
export type StepSpec = {
  allowed: readonly CaseStatus[];
  event: string;
  expectedVersion?: number | null;
  /** Throws NOT_FOUND or FORBIDDEN; defaults to "the partnership's CST". */
  authorize?: (actor: Actor, record: CaseReviewRecord, manager: EntityManager) => Promise<void>;
};

/** What a step did: the fields it changes, a note for its event, or nothing at all. */
export type StepOutcome<T> = { result: T; patch?: Partial<CaseReviewRecord>; note?: string | null; unchanged?: boolean };

/** The case review from application to closure: every step checked, versioned and recorded as an event. */
export class CaseReviewService {
  private viaCaseLoader?: DataLoader<string, { caseId: string; consentActive: boolean } | null>;

  constructor(private readonly deps: ServiceDeps) {}

  // ---------------------------------------------------------------- reading

  /** The caller's view of a case, or null when they may not know it exists. */
  async view(actor: Actor, record: CaseReviewRecord | null): Promise<CaseReview | null> {
    if (!record) return null;
    const access = CaseReviewPolicy.access(actor, record, await this.panelCaseIds(actor));
    return access ? caseView(record, access, actor.agencyId) : null;
  }

  async get(actor: Actor, idArg: string, field = 'id'): Promise<CaseReview> {
    const id = checkId(idArg, field);
    const view = await this.view(actor, await this.deps.loaders.cases.byId.load(id));
    if (!view) throw CaseReviewErrors.NOT_FOUND(field);
    return view;
  }

  /** A case reached through something addressed to the caller's agency: full if they may see it all, else 'addressed'. */
  async viewThrough(actor: Actor, caseId: string): Promise<CaseReview> {
    const record = await this.deps.loaders.cases.byId.load(caseId);
    if (!record) throw CaseReviewErrors.NOT_FOUND('case');
    return (await this.view(actor, record)) ?? caseView(record, 'addressed', actor.agencyId);
  }

  /** The case an access-log entry names, for an auditor: reference and status, no case data. */
  async auditView(caseId: string): Promise<CaseReview | null> {
    const [row]: Record<string, unknown>[] = await (await this.deps.db.manager()).query('SELECT * FROM hub_case_references($1::uuid[])', [[caseId]]);
    if (!row) return null;
    // Only the non-personal columns the function returns; the rest stay empty.
    const record = Object.assign(new CaseReviewRecord(), {
      id: row.id,
      partnershipId: row.partnership_id,
      reference: row.reference,
      status: row.status,
      receivedAt: row.received_at,
      channel: row.channel,
      relationship: row.relationship,
      consentGivenAt: row.consent_given_at,
      consentChannel: row.consent_channel,
      consentWithdrawnAt: row.consent_withdrawn_at,
      version: row.version,
      reportedIncidents: [],
      thresholdMet: null,
      outcomeSentAt: null,
      secondaryReviewRequestedAt: null,
    });
    return caseView(record, 'reference', '');
  }

  /** The cases the caller may see, newest application first. */
  async list(actor: Actor, filter: CaseReviewFilter | null | undefined, firstArg: number, after?: string | null): Promise<CaseReviewConnection> {
    const first = checkFirst(firstArg);
    const cursor = after ? decodeCursor(after, ['string', 'string']) : null;
    if (filter?.receivedFrom && filter.receivedTo && filter.receivedFrom > filter.receivedTo) throw CaseReviewErrors.BAD_RANGE('filter.receivedFrom');
    // The caller's panel cases as a list (the request reads them once), not a subquery the
    // planner would answer by hashing every panel.
    const scope = CaseReviewPolicy.listScope(actor, await this.panelCaseIds(actor));
    if (scope.partnershipIds.length === 0 && scope.panelCaseIds.length === 0) return connectionOf([], first, 0, () => null);
    const manager = await this.deps.db.manager();
    const scoped = () => {
      const q = manager.createQueryBuilder(CaseReviewRecord, 'c').where(
        `(c.partnership_id = ANY(:partnershipIds) OR c.id = ANY(:panelCaseIds))`,
        { partnershipIds: scope.partnershipIds, panelCaseIds: scope.panelCaseIds },
      );
      if (filter?.partnershipId) q.andWhere('c.partnership_id = :pid', { pid: checkId(filter.partnershipId, 'filter.partnershipId') });
      if (filter?.status) q.andWhere('c.status = :status', { status: filter.status });
      if (filter?.receivedFrom) q.andWhere('c.received_at >= :from', { from: filter.receivedFrom });
      if (filter?.receivedTo) q.andWhere('c.received_at <= :to', { to: filter.receivedTo });
      return q;
    };
    const page = scoped().orderBy('c.received_at', 'DESC').addOrderBy('c.id', 'DESC').limit(first + 1);
    if (cursor) page.andWhere('(c.received_at, c.id) < (CAST(:at AS timestamptz), CAST(:cid AS uuid))', { at: cursor[0], cid: cursor[1] });
    const records = await page.getMany();
    return connectionOf(records, first, countWhenAsked(() => scoped().getCount()), (r) => {
      this.deps.loaders.cases.byId.prime(r.id, r);
      return { cursor: [r.receivedAt.toISOString(), r.id], node: caseView(r, 'full', actor.agencyId) };
    });
  }

  /**
   * The applicant or victim as this caller may see them. The CST's lead agency
   * owns these records; others see them only while consent is active, and a
   * responder sees only the victim's name.
   */
  async person(view: CaseReview, role: 'applicant' | 'victim'): Promise<Person | null> {
    if (view.access === 'reference' || (view.access === 'addressed' && role === 'applicant')) return null;
    const record = await this.deps.loaders.persons.byIdOrKind.load(role === 'applicant' ? view.record.applicantId : view.record.victimId);
    if (!record) return null;
    if (isKindOnly(record)) return personView(record, true, view.id);
    const sees = CaseReviewPolicy.seesPersonalData(view.viewerAgencyId, record.agencyId, consentActive(view.record));
    if (view.access === 'addressed') return personView(record, true, view.id, sees ? 'name' : 'none');
    return personView(record, !sees, view.id);
  }

  /**
   * The applicant's own account of the incidents. It is personal data the lead
   * agency holds: other agencies' panel members see names and details only while
   * consent is active.
   */
  async reportedIncidents(view: CaseReview): Promise<ReportedIncident[]> {
    if (view.access !== 'full') return [];
    const partnership = await this.deps.loaders.partnerships.byId.load(view.record.partnershipId);
    const sees = CaseReviewPolicy.seesPersonalData(view.viewerAgencyId, partnership?.leadAgencyId ?? '', consentActive(view.record));
    const accounts = view.record.reportedIncidents;
    if (sees && accounts.some((r) => r.details || r.reportedToName)) this.deps.db.accessLog.read('CaseReview', view.id, view.id);
    return accounts.map((r) => (sees ? { ...r } : { ...r, reportedToName: null, details: null }));
  }

  /** An incident record as seen through this case: redacted unless the caller's agency owns it or consent is active. */
  incidentThrough(view: CaseReview, record: IncidentRecord): Incident {
    const owned = record.agencyId === view.viewerAgencyId;
    return incidentView(record, {
      redacted: isFactsOnly(record) || !CaseReviewPolicy.seesPersonalData(view.viewerAgencyId, record.agencyId, consentActive(view.record)),
      caseId: view.id,
      owned,
    });
  }

  async linkedIncidents(view: CaseReview): Promise<Incident[]> {
    if (view.access !== 'full') return [];
    const records = await this.linkedRecords(view.id);
    return records.map((r) => this.incidentThrough(view, r));
  }

  /**
   * Records of the partnership's agencies whose reporter is the victim (same
   * normalised name, and the same date of birth or postcode), not yet linked.
   * For the CST only, and none while consent is not active.
   */
  async candidates(actor: Actor, view: CaseReview): Promise<Incident[]> {
    if (view.access !== 'full' || !CaseReviewPolicy.canManage(actor, view.record.partnershipId) || !consentActive(view.record)) return [];
    // The search runs in the database (hub_candidate_incident_ids), which checks the
    // caller is this partnership's CST and consent is active: the records are not
    // linked yet, so row-level security would not otherwise let the CST see them.
    const [{ ids }]: { ids: string[] }[] = await (await this.deps.db.manager()).query('SELECT hub_candidate_incident_ids($1) AS ids', [view.id]);
    const records = await this.deps.loaders.incidents.byId.loadMany(ids.slice(0, 200));
    return records.filter((r): r is IncidentRecord => !!r && !(r instanceof Error)).map((r) => this.incidentThrough(view, r));
  }

  /**
   * The threshold computed from the linked incidents and the partnership's
   * rules. Reporters are counted as people: the same person known to two
   * agencies (same name, and birth date or postcode) is one reporter.
   */
  async suggestion(view: CaseReview): Promise<ThresholdSuggestion> {
    const [partnership, records] = await Promise.all([
      this.deps.loaders.partnerships.byId.load(view.record.partnershipId),
      this.linkedRecords(view.id),
    ]);
    const reporters = await this.deps.loaders.persons.byId.loadMany([...new Set(records.map((r) => r.reporterId))]);
    const clusters: { key: string; person: { nameKey: string; dateOfBirth: string | null; postcodeKey: string | null } }[] = [];
    const reporterKey = new Map<string, string>();
    for (const p of reporters) {
      if (!p || p instanceof Error) continue;
      const same = clusters.find((c) => samePerson(c.person, p));
      const key = same?.key ?? p.id;
      if (!same) clusters.push({ key, person: p });
      reporterKey.set(p.id, key);
    }
    const result = suggestThreshold(
      view.record.receivedAt,
      partnership?.thresholdRules ?? [],
      // A reporter whose details are withheld (consent withdrawn) still counts as one person.
      records.map((r) => ({ id: r.id, occurredAt: r.occurredAt, reportedAt: r.reportedAt, category: r.category, reporterId: reporterKey.get(r.reporterId) ?? r.reporterId })),
    );
    const byId = new Map(records.map((r) => [r.id, r]));
    return {
      met: result.met,
      qualifyingReports: result.qualifyingReports,
      ruleIndex: result.ruleIndex,
      qualifyingIncidents:
        view.access === 'full' ? result.qualifyingIncidentIds.map((id) => this.incidentThrough(view, byId.get(id)!)) : [],
    };
  }

  async decision(view: CaseReview): Promise<ThresholdDecision | null> {
    const r = view.record;
    if (view.access !== 'full' || r.thresholdMet === null || !r.thresholdDecidedAt || !r.thresholdDecidedById) return null;
    const decidedBy = await this.deps.loaders.users.byId.load(r.thresholdDecidedById);
    return { met: r.thresholdMet, reason: r.thresholdReason ?? '', alternativeAction: r.thresholdAlternativeAction, decidedAt: r.thresholdDecidedAt, decidedBy: decidedBy! };
  }

  async responseDueOn(view: CaseReview): Promise<string> {
    const partnership = await this.deps.loaders.partnerships.byId.load(view.record.partnershipId);
    return addWorkingDays(londonDate(view.record.receivedAt), partnership?.responseWorkingDays ?? 25);
  }

  async secondaryReviewDueOn(view: CaseReview): Promise<string | null> {
    const requested = view.record.secondaryReviewRequestedAt;
    if (!requested) return null;
    const partnership = await this.deps.loaders.partnerships.byId.load(view.record.partnershipId);
    return addWorkingDays(londonDate(requested), partnership?.responseWorkingDays ?? 25);
  }

  async events(view: CaseReview): Promise<CaseEvent[]> {
    if (view.access !== 'full') return [];
    const events = await this.deps.loaders.cases.events.load(view.id);
    const actors = await this.deps.loaders.users.byId.loadMany([...new Set(events.flatMap((e) => (e.actorId ? [e.actorId] : [])))]);
    const byId = new Map(actors.flatMap((u) => (u && !(u instanceof Error) ? [[u.id, u] as const] : [])));
    return events.map((e) => ({ at: e.at, type: e.type, note: e.note, actor: e.actorId ? byId.get(e.actorId) ?? null : null }));
  }

  /**
   * The case an incident is seen through, for a caller without direct access to
   * it: one the caller may see, preferring one whose consent is active.
   */
  async caseThrough(actor: Actor, incidentId: string): Promise<{ caseId: string; consentActive: boolean } | null> {
    this.viaCaseLoader ??= requestLoader(this.deps.db, async (incidentIds: readonly string[]) => {
      const scope = CaseReviewPolicy.listScope(actor, await this.panelCaseIds(actor));
      const rows: { incident_id: string; case_id: string; consent_active: boolean }[] = await (await this.deps.db.manager()).query(
        `SELECT DISTINCT ON (ci.incident_id) ci.incident_id, ci.case_id, (c.consent_withdrawn_at IS NULL) AS consent_active
           FROM case_incident ci JOIN case_review c ON c.id = ci.case_id
          WHERE ci.incident_id = ANY($1::uuid[])
            AND (c.partnership_id = ANY($2::uuid[]) OR c.id = ANY($3::uuid[]))
          ORDER BY ci.incident_id, (c.consent_withdrawn_at IS NULL) DESC, c.received_at DESC`,
        [[...incidentIds], scope.partnershipIds, scope.panelCaseIds],
      );
      const byIncident = new Map(rows.map((r) => [r.incident_id, { caseId: r.case_id, consentActive: r.consent_active }]));
      return incidentIds.map((id) => byIncident.get(id) ?? null);
    });
    return this.viaCaseLoader.load(incidentId);
  }

  // ---------------------------------------------------------------- steps

  /** Logs an application; the victim's consent is required, and the victim too when someone applies on their behalf. */
  async submit(actor: Actor, input: ApplicationInput, now = new Date()): Promise<CaseReview> {
    const partnershipId = checkId(input.partnershipId, 'input.partnershipId');
    const partnership = CaseReviewPolicy.canManage(actor, partnershipId) ? await this.deps.loaders.partnerships.byId.load(partnershipId) : null;
    if (!partnership) throw CaseReviewErrors.NOT_FOUND('input.partnershipId');
    const receivedAt = input.receivedAt ?? now;
    if (receivedAt > now) throw CaseReviewErrors.IN_FUTURE('input.receivedAt');
    if (input.consentGivenAt > now) throw CaseReviewErrors.CONSENT_AFTER_NOW('input.consentGivenAt');
    if (input.relationship === 'SELF' && input.victim) throw CaseReviewErrors.VICTIM_IS_APPLICANT('input.victim');
    if (input.relationship !== 'SELF' && !input.victim) throw CaseReviewErrors.VICTIM_REQUIRED('input.victim');
    const today = londonToday(now);
    input.reportedIncidents.forEach((r, i) => {
      if (r.occurredOn > today) throw CaseReviewErrors.IN_FUTURE(`input.reportedIncidents.${i}.occurredOn`);
    });
    for (const [field, person] of [['applicant', input.applicant], ['victim', input.victim]] as const) {
      if (person?.dateOfBirth && person.dateOfBirth > today) throw CaseReviewErrors.IN_FUTURE(`input.${field}.dateOfBirth`);
    }
    const year = Number(londonDate(receivedAt).slice(0, 4));

    const record = await this.deps.db.transaction(async (manager) => {
      // The counter row's lock numbers applications gap-free under concurrent submissions;
      // a refused submission rolls its number back with it.
      const [{ last_sequence: sequence }] = await manager.query(
        `INSERT INTO case_reference_counter (partnership_id, year, last_sequence) VALUES ($1, $2, 1)
         ON CONFLICT (partnership_id, year) DO UPDATE SET last_sequence = case_reference_counter.last_sequence + 1
         RETURNING last_sequence`,
        [partnershipId, year],
      );
      const owner = partnership.leadAgencyId;
      const applicantId = await this.insertPerson(manager, owner, input.applicant);
      const victimId = input.victim ? await this.insertPerson(manager, owner, input.victim) : applicantId;
      const saved = await manager.save(
        manager.create(CaseReviewRecord, {
          partnershipId,
          reference: `${partnership.code}-${year}-${String(sequence).padStart(4, '0')}`,
          receivedYear: year,
          sequence,
          status: CaseStatus.RECEIVED,
          receivedAt,
          channel: input.channel,
          applicantId,
          relationship: input.relationship,
          victimId,
          consentGivenAt: input.consentGivenAt,
          consentChannel: input.consentChannel ?? input.channel,
          consentWithdrawnAt: null,
          reportedIncidents: input.reportedIncidents.map((r) => ({
            occurredOn: r.occurredOn,
            reportedToName: r.reportedToName ?? null,
            reportedToOrganisation: r.reportedToOrganisation.trim(),
            reportedToReference: r.reportedToReference ?? null,
            details: r.details ?? null,
          })),
        }),
      );
      await manager.insert(CaseEventRecord, { caseId: saved.id, type: 'RECEIVED', actorId: actor.userId, note: `by ${input.channel.toLowerCase().replace('_', ' ')}` });
      this.deps.db.accessLog.write('CaseReview', saved.id, saved.id);
      this.deps.db.accessLog.write('Person', applicantId, saved.id);
      if (victimId !== applicantId) this.deps.db.accessLog.write('Person', victimId, saved.id);
      return saved;
    });
    this.deps.loaders.cases.byId.prime(record.id, record);
    return caseView(record, 'full', actor.agencyId);
  }

  /** Links incident records of the partnership's agencies; already linked ones are left as they are. */
  async link(actor: Actor, caseId: string, incidentIdsArg: readonly string[], expectedVersion?: number | null): Promise<CaseReview> {
    const incidentIds = this.checkIncidentIds(incidentIdsArg);
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.linkIncidents, event: 'INCIDENTS_LINKED', expectedVersion }, async (manager, record) => {
      if (!consentActive(record)) throw CaseReviewErrors.CONSENT_WITHDRAWN('caseId');
      // Checked by the database (the CST may link records it cannot read yet).
      const [{ ids: linkable }]: { ids: string[] }[] = await manager.query('SELECT hub_linkable_incident_ids($1, $2::uuid[]) AS ids', [
        record.id,
        incidentIds,
      ]);
      const known = new Set(linkable);
      const missing = incidentIds.findIndex((id) => !known.has(id));
      if (missing >= 0) throw CaseReviewErrors.INCIDENT_NOT_FOUND(`incidentIds.${missing}`);
      const inserted: { incident_id: string }[] = await manager.query(
        `INSERT INTO case_incident (case_id, incident_id, linked_by_id)
         SELECT $1, unnest($2::uuid[]), $3 ON CONFLICT DO NOTHING RETURNING incident_id`,
        [record.id, incidentIds, actor.userId],
      );
      this.deps.loaders.cases.incidentIds.clear(record.id);
      return { result: record, unchanged: inserted.length === 0, note: `${inserted.length} linked` };
    });
  }

  /** Unlinks incidents from the case; an id not linked to it answers NOT_FOUND. */
  async unlink(actor: Actor, caseId: string, incidentIdsArg: readonly string[], expectedVersion?: number | null): Promise<CaseReview> {
    const incidentIds = this.checkIncidentIds(incidentIdsArg);
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.linkIncidents, event: 'INCIDENTS_UNLINKED', expectedVersion }, async (manager, record) => {
      const linked = new Set(await this.deps.loaders.cases.incidentIds.load(record.id));
      const missing = incidentIds.findIndex((id) => !linked.has(id));
      if (missing >= 0) throw CaseReviewErrors.INCIDENT_NOT_FOUND(`incidentIds.${missing}`);
      await manager.query(`DELETE FROM case_incident WHERE case_id = $1 AND incident_id = ANY($2::uuid[])`, [record.id, incidentIds]);
      this.deps.loaders.cases.incidentIds.clear(record.id);
      return { result: record, note: `${incidentIds.length} unlinked` };
    });
  }

  /** Records the CST's decision (met on discretion is allowed); not met needs what will be done instead. */
  async decideThreshold(
    actor: Actor,
    caseId: string,
    args: { met: boolean; reason: string; alternativeAction?: string | null; expectedVersion?: number | null },
    now = new Date(),
  ): Promise<CaseReview> {
    const reason = this.text(args.reason, 'reason');
    const alternativeAction = args.alternativeAction?.trim() ? this.text(args.alternativeAction, 'alternativeAction') : null;
    if (!args.met && !alternativeAction) throw CaseReviewErrors.ALTERNATIVE_ACTION_REQUIRED('alternativeAction');
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.decideThreshold, event: 'THRESHOLD_DECIDED', expectedVersion: args.expectedVersion }, async (_m, record) => ({
      result: record,
      note: `${args.met ? 'met' : 'not met'}: ${reason}`,
      patch: {
        status: args.met ? CaseStatus.IN_REVIEW : CaseStatus.THRESHOLD_NOT_MET,
        thresholdMet: args.met,
        thresholdReason: reason,
        thresholdAlternativeAction: alternativeAction,
        thresholdDecidedAt: now,
        thresholdDecidedById: actor.userId,
      },
    }));
  }

  async notifyDelay(actor: Actor, caseId: string, reasonArg: string, expectedVersion?: number | null): Promise<CaseReview> {
    const reason = this.text(reasonArg, 'reason');
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.open, event: 'DELAY_NOTIFIED', expectedVersion }, async (_m, record) => ({ result: record, note: reason }));
  }

  async markOutcomeSent(actor: Actor, caseId: string, sentAt?: Date | null, expectedVersion?: number | null, now = new Date()): Promise<CaseReview> {
    const at = sentAt ?? now;
    if (at > now) throw CaseReviewErrors.IN_FUTURE('sentAt');
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.markOutcomeSent, event: 'OUTCOME_SENT', expectedVersion }, async (_m, record) => ({
      result: record,
      patch: { status: CaseStatus.OUTCOME_SENT, outcomeSentAt: at },
      note: at.toISOString(),
    }));
  }

  async requestSecondaryReview(
    actor: Actor,
    caseId: string,
    reasonArg: string,
    requestedAt?: Date | null,
    expectedVersion?: number | null,
    now = new Date(),
  ): Promise<CaseReview> {
    const reason = this.text(reasonArg, 'reason');
    const at = requestedAt ?? now;
    if (at > now) throw CaseReviewErrors.IN_FUTURE('requestedAt');
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.requestSecondaryReview, event: 'SECONDARY_REVIEW_REQUESTED', expectedVersion }, async (_m, record) => {
      if (record.secondaryReviewRequestedAt) throw CaseReviewErrors.SECONDARY_ALREADY_REQUESTED('caseId');
      return { result: record, note: reason, patch: { status: CaseStatus.SECONDARY_REVIEW, secondaryReviewRequestedAt: at, secondaryReviewReason: reason } };
    });
  }

  async close(actor: Actor, caseId: string, reasonArg: string, expectedVersion?: number | null): Promise<CaseReview> {
    const reason = this.text(reasonArg, 'reason');
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.closeCase, event: 'CLOSED', expectedVersion }, async (_m, record) => ({
      result: record,
      note: reason,
      patch: { status: CaseStatus.CLOSED },
    }));
  }

  async withdraw(actor: Actor, caseId: string, reasonArg: string, expectedVersion?: number | null): Promise<CaseReview> {
    const reason = this.text(reasonArg, 'reason');
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.withdrawApplication, event: 'WITHDRAWN', expectedVersion }, async (_m, record) => ({
      result: record,
      note: reason,
      patch: { status: CaseStatus.WITHDRAWN },
    }));
  }

  /** From this moment other agencies' personal data on the case is redacted; the status does not change. */
  async withdrawConsent(actor: Actor, caseId: string, withdrawnAt?: Date | null, expectedVersion?: number | null, now = new Date()): Promise<CaseReview> {
    const at = withdrawnAt ?? now;
    if (at > now) throw CaseReviewErrors.IN_FUTURE('withdrawnAt');
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.any, event: 'CONSENT_WITHDRAWN', expectedVersion }, async (_m, record) => {
      if (record.consentWithdrawnAt) throw CaseReviewErrors.CONSENT_ALREADY_WITHDRAWN('caseId');
      if (at < record.consentGivenAt) throw CaseReviewErrors.WITHDRAWN_BEFORE_GIVEN('withdrawnAt');
      return { result: record, patch: { consentWithdrawnAt: at } };
    });
  }

  /** Runs a case step for the caller and answers the case as they now see it. */
  private async runStep(
    actor: Actor,
    caseId: string,
    spec: StepSpec,
    work: (manager: EntityManager, record: CaseReviewRecord) => Promise<StepOutcome<CaseReviewRecord>>,
  ): Promise<CaseReview> {
    const record = await this.step(actor, caseId, spec, work);
    return (await this.view(actor, record)) ?? caseView(record, 'full', actor.agencyId);
  }

  /**
   * One step on a case, in a savepoint: the case row is locked, the caller
   * authorised (NOT_FOUND when they may not know the case), the version and
   * status checked, then the step's changes, version + 1 and its event are
   * written together, or nothing at all.
   */
  async step<T>(actor: Actor, caseIdArg: string, spec: StepSpec, work: (manager: EntityManager, record: CaseReviewRecord) => Promise<StepOutcome<T>>): Promise<T> {
    const caseId = checkId(caseIdArg, 'caseId');
    const result = await this.deps.db.transaction(async (manager) => {
      const record = await manager.findOne(CaseReviewRecord, { where: { id: caseId }, lock: { mode: 'pessimistic_write' } });
      if (!record) throw CaseReviewErrors.NOT_FOUND('caseId');
      if (spec.authorize) await spec.authorize(actor, record, manager);
      else if (!CaseReviewPolicy.canManage(actor, record.partnershipId)) throw CaseReviewErrors.NOT_FOUND('caseId');
      if (spec.expectedVersion !== undefined && spec.expectedVersion !== null && spec.expectedVersion !== record.version) {
        throw CaseReviewErrors.VERSION_MISMATCH('expectedVersion');
      }
      if (!spec.allowed.includes(record.status)) throw CaseReviewErrors.INVALID_STATE('caseId', `The case is ${record.status}: this step is not allowed now`);
      const outcome = await work(manager, record);
      if (!outcome.unchanged) await this.recordChange(manager, record, actor.userId, spec.event, outcome.note ?? null, outcome.patch ?? {});
      return outcome.result;
    });
    return result;
  }

  /** Applies a change to a locked case row: its fields, version + 1, and the event, in the caller's transaction. */
  async recordChange(manager: EntityManager, record: CaseReviewRecord, actorId: string, event: string, note: string | null, patch: Partial<CaseReviewRecord>): Promise<void> {
    const changes = { ...patch, version: record.version + 1 };
    await manager.update(CaseReviewRecord, { id: record.id }, changes);
    await manager.insert(CaseEventRecord, { caseId: record.id, type: event, actorId, note });
    Object.assign(record, changes);
    this.deps.db.accessLog.write('CaseReview', record.id, record.id);
    this.deps.loaders.cases.byId.clear(record.id).prime(record.id, record);
    this.deps.loaders.cases.events.clear(record.id);
  }

  /**
   * Locks a case for a step taken by an addressed agency (whose right was
   * checked on the request or recommendation itself), in one of `allowed`.
   */
  async lockCaseFor(manager: EntityManager, caseId: string, allowed: readonly CaseStatus[]): Promise<CaseReviewRecord> {
    const record = await manager.findOne(CaseReviewRecord, { where: { id: caseId }, lock: { mode: 'pessimistic_write' } });
    if (!record) throw CaseReviewErrors.NOT_FOUND('caseId');
    if (!allowed.includes(record.status)) throw CaseReviewErrors.INVALID_STATE('caseId', `The case is ${record.status}`);
    return record;
  }

  // ---------------------------------------------------------------- helpers

  async panelCaseIds(actor: Actor): Promise<ReadonlySet<string>> {
    return actor.roles.has(Role.PANEL_MEMBER) ? this.deps.loaders.cases.panelCaseIds.load(actor.userId) : new Set();
  }

  private async linkedRecords(caseId: string): Promise<IncidentRecord[]> {
    const ids = await this.deps.loaders.cases.incidentIds.load(caseId);
    const records = await this.deps.loaders.incidents.byIdOrFacts.loadMany(ids);
    return records.filter((r): r is IncidentRecord => !!r && !(r instanceof Error));
  }

  private async insertPerson(manager: EntityManager, agencyId: string, input: PersonInput): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO person (agency_id, kind, name, name_key, date_of_birth, address, postcode, postcode_key, phone, email)
       VALUES ($1, $2::person_kind, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        agencyId,
        input.kind,
        input.name.trim(),
        normaliseName(input.name),
        input.dateOfBirth ?? null,
        input.address ?? null,
        input.postcode ? input.postcode.trim().toUpperCase() : null,
        normalisePostcode(input.postcode),
        input.phone ?? null,
        input.email ? input.email.trim().toLowerCase() : null,
      ],
    );
    return id;
  }

  private checkIncidentIds(ids: readonly string[]): string[] {
    if (ids.length > MAX_LINK) throw CaseReviewErrors.TOO_MANY('incidentIds', `At most ${MAX_LINK} incidents per call`);
    return [...new Set(checkIds(ids, 'incidentIds'))];
  }

  /** Free text that must say something: trimmed, not blank, not over the limit. */
  text(value: string, field: string, max = MAX_TEXT): string {
    const trimmed = value.trim();
    if (!trimmed) throw CaseReviewErrors.BLANK(field);
    if (trimmed.length > max) throw CaseReviewErrors.TOO_LONG(field, `At most ${max} characters`);
    return trimmed;
  }
}

