import type { Actor } from '../../common/actor';
import { checkId } from '../../common/ids';
import { checkFirst, connectionOf, countWhenAsked, decodeCursor } from '../../common/pagination';
import { addWorkingDays, londonDate } from '../../common/working-days';
import type { RequestDb } from '../../database/request-db';
import type { IncidentLoaders } from '../incident/incident.loaders';
import type { PartnershipLoaders } from '../partnership/partnership.loaders';
import { isKindOnly, type PersonLoaders } from '../person/person.loaders';
import { personView, type Person } from '../person/person.types';
import { Role } from '../user/role';
import type { UserLoaders } from '../user/user.loaders';
import { CaseReviewRecord } from './case-review.entity';
import { CaseReviewErrors } from './case-review.errors';
import type { CaseReviewFilter } from './case-review.inputs';
import type { CaseReviewLoaders, CaseThrough } from './case-review.loaders';
import { CaseReviewPolicy } from './case-review.policy';
import {
  caseView,
  consentActive,
  MAX_CASE_EVENTS,
  type CaseEvent,
  type CaseReview,
  type CaseReviewConnection,
  type ThresholdDecision,
  type ReportedIncident,
} from './case-review.types';

/** What a service reading cases works with: the request's loaders it reads through. */
export type CaseViewLoaders = {
  cases: CaseReviewLoaders;
  incidents: IncidentLoaders;
  partnerships: PartnershipLoaders;
  persons: PersonLoaders;
  users: UserLoaders;
};

/**
 * Cases as a caller may see them: one case, lists, and every field of a case's
 * history, each with the redaction the caller's access and the consent call
 * for. A case's incidents and its threshold suggestion are CaseIncidentViews'
 * (case-review.incidents.ts); changes go through the case workflow
 * (case-review.service.ts).
 */
export class CaseReviewViews {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: CaseViewLoaders,
  ) {}

  /** The caller's view of a case, or null when they may not know it exists. */
  async view(actor: Actor, record: CaseReviewRecord | null): Promise<CaseReview | null> {
    if (!record) return null;
    const access = CaseReviewPolicy.access(actor, record, await this.panelCaseIds(actor));
    return access ? caseView(record, access, actor.agencyId) : null;
  }

  async get(actor: Actor, idArg: string, field = 'id'): Promise<CaseReview> {
    const id = checkId(idArg, field);
    const view = await this.view(actor, await this.loaders.cases.byId.load(id));
    if (!view) throw CaseReviewErrors.NOT_FOUND(field);
    return view;
  }

  /** A case reached through something addressed to the caller's agency: full if they may see it all, else 'addressed'. */
  async viewThrough(actor: Actor, caseId: string): Promise<CaseReview> {
    const record = await this.loaders.cases.byId.load(caseId);
    if (!record) throw CaseReviewErrors.NOT_FOUND('case');
    return (await this.view(actor, record)) ?? caseView(record, 'addressed', actor.agencyId);
  }

  /**
   * The case an access-log entry names, for an auditor: reference and status, no
   * case data; null for a case not of the auditor's partnerships.
   */
  async auditView(caseId: string): Promise<CaseReview | null> {
    const record = await this.loaders.cases.references.load(caseId);
    return record ? caseView(record, 'reference', '') : null;
  }

  /**
   * The cases the caller may see: those whose latest risk assessment is HIGH
   * first (DOMAIN.md: high-risk victims come first), then newest application first.
   */
  async list(actor: Actor, filter: CaseReviewFilter | null | undefined, firstArg: number, after?: string | null): Promise<CaseReviewConnection> {
    const first = checkFirst(firstArg);
    const cursor = after ? decodeCursor(after, ['flag', 'timestamp', 'uuid']) : null;
    if (filter?.receivedFrom && filter.receivedTo && filter.receivedFrom > filter.receivedTo) throw CaseReviewErrors.BAD_RANGE('filter.receivedFrom');
    // The caller's panel cases as a list (the request reads them once), not a subquery the
    // planner would answer by hashing every panel.
    const scope = CaseReviewPolicy.listScope(actor, await this.panelCaseIds(actor));
    if (scope.partnershipIds.length === 0 && scope.panelCaseIds.length === 0) return connectionOf([], first, 0, () => null);
    const manager = await this.db.manager();
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
    const page = scoped().orderBy('c.risk_high', 'DESC').addOrderBy('c.received_at', 'DESC').addOrderBy('c.id', 'DESC').limit(first + 1);
    if (cursor) {
      page.andWhere('(c.risk_high, c.received_at, c.id) < (CAST(:high AS boolean), CAST(:at AS timestamptz), CAST(:cid AS uuid))', {
        high: cursor[0] === '1',
        at: cursor[1],
        cid: cursor[2],
      });
    }
    const records = await page.getMany();
    return connectionOf(records, first, countWhenAsked(() => scoped().getCount()), (r) => {
      this.loaders.cases.byId.prime(r.id, r);
      return { cursor: [r.riskHigh ? '1' : '0', r.receivedAt.toISOString(), r.id], node: caseView(r, 'full', actor.agencyId) };
    });
  }

  /**
   * The applicant or victim as this caller may see them. The CST's lead agency
   * owns these records; others see them only while consent is active, and a
   * responder sees only the victim's name. A subject access export shows the
   * subject and withholds anyone else (an applicant on the victim's behalf).
   */
  async person(view: CaseReview, role: 'applicant' | 'victim'): Promise<Person | null> {
    if (view.access === 'reference' || (view.access === 'addressed' && role === 'applicant')) return null;
    const record = await this.loaders.persons.byIdOrKind.load(role === 'applicant' ? view.record.applicantId : view.record.victimId);
    if (!record) return null;
    if (isKindOnly(record)) return personView(record, null, view.id);
    const basis = CaseReviewPolicy.basisThrough(view, record);
    return personView(record, basis, view.id, view.access === 'addressed' ? 'name' : 'all');
  }

  /**
   * The applicant's own account of the incidents. It is personal data the lead
   * agency holds: other agencies' panel members see names and details only while
   * consent is active.
   */
  async reportedIncidents(view: CaseReview): Promise<ReportedIncident[]> {
    if (!CaseReviewPolicy.seesHistory(view)) return [];
    const partnership = await this.loaders.partnerships.byId.load(view.record.partnershipId);
    // The account is the case's own record: the applicant's, or about the victim (a subject of the export either way).
    const basis =
      view.access === 'subject'
        ? view.subject!.basis
        : CaseReviewPolicy.disclosureBasis(view.viewerAgencyId, partnership?.leadAgencyId ?? '', consentActive(view.record));
    const accounts = view.record.reportedIncidents;
    if (basis && accounts.some((r) => r.details || r.reportedToName)) this.db.accessLog.read('CaseReview', view.id, view.id, basis);
    return accounts.map((r) => (basis ? { ...r, withheld: false } : { ...r, reportedToName: null, details: null, withheld: true }));
  }

  async decision(view: CaseReview): Promise<ThresholdDecision | null> {
    const r = view.record;
    if (!CaseReviewPolicy.seesHistory(view) || r.thresholdMet === null || !r.thresholdDecidedAt || !r.thresholdDecidedById) return null;
    const decidedBy = await this.loaders.users.byId.load(r.thresholdDecidedById);
    return { met: r.thresholdMet, reason: r.thresholdReason ?? '', alternativeAction: r.thresholdAlternativeAction, decidedAt: r.thresholdDecidedAt, decidedBy: decidedBy! };
  }

  async responseDueOn(view: CaseReview): Promise<string> {
    const partnership = await this.loaders.partnerships.byId.load(view.record.partnershipId);
    return addWorkingDays(londonDate(view.record.receivedAt), partnership?.responseWorkingDays ?? 25);
  }

  async secondaryReviewDueOn(view: CaseReview): Promise<string | null> {
    const requested = view.record.secondaryReviewRequestedAt;
    if (!requested) return null;
    const partnership = await this.loaders.partnerships.byId.load(view.record.partnershipId);
    return addWorkingDays(londonDate(requested), partnership?.responseWorkingDays ?? 25);
  }

  async events(view: CaseReview): Promise<CaseEvent[]> {
    if (!CaseReviewPolicy.seesHistory(view)) return [];
    const events = (await this.loaders.cases.events.load(view.id)).slice(-MAX_CASE_EVENTS);
    const actors = await this.loaders.users.byId.loadMany([...new Set(events.flatMap((e) => (e.actorId ? [e.actorId] : [])))]);
    const byId = new Map(actors.flatMap((u) => (u && !(u instanceof Error) ? [[u.id, u] as const] : [])));
    return events.map((e) => ({ at: e.at, type: e.type, note: e.note, actor: e.actorId ? byId.get(e.actorId) ?? null : null }));
  }

  /**
   * The case an incident is seen through, for a caller without direct access to
   * it: one the caller may see, preferring one whose consent is active.
   */
  caseThrough(actor: Actor, incidentId: string): Promise<CaseThrough | null> {
    return this.loaders.cases.viaCase(actor).load(incidentId);
  }

  // ---------------------------------------------------------------- helpers

  async panelCaseIds(actor: Actor): Promise<ReadonlySet<string>> {
    return actor.roles.has(Role.PANEL_MEMBER) ? this.loaders.cases.panelCaseIds.load(actor.userId) : new Set();
  }
}
