import { IsNull, Not } from 'typeorm';
import { LawfulBasis } from '../access-log/lawful-basis';
import type { Actor } from '../../common/actor';
import { checkId, checkIds } from '../../common/ids';
import { londonToday } from '../../common/clock';
import { checkFirst, MAX_MINE, MINE_DEFAULT } from '../../common/pagination';
import type { RequestDb } from '../../database/request-db';
import type { AgencyLoaders } from '../agency/agency.loaders';
import type { CaseReviewLoaders } from '../case-review/case-review.loaders';
import { ALLOWED_FROM, CaseReviewPolicy } from '../case-review/case-review.policy';
import { consentActive, type CaseReview } from '../case-review/case-review.types';
import { caseText, type CaseSteps } from '../case-review/case-steps';
import type { PartnershipLoaders } from '../partnership/partnership.loaders';
import type { UserLoaders } from '../user/user.loaders';
import type { InformationRequestLoaders } from './information-request.loaders';
import { MAX_ACTIONS, MAX_CASE_INFORMATION_REQUESTS } from './information-request.types';
import { InformationRequestRecord } from './information-request.entity';
import { InformationRequestErrors } from './information-request.errors';
import { InformationRequestPolicy } from './information-request.policy';
import { informationRequestView, type InformationRequest, type InformationResponse } from './information-request.types';

const MAX_ATTACHED = 200;

/** The CST asks an agency what it knew and did; the agency's responders answer. */
export class InformationRequestService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { agencies: AgencyLoaders; cases: CaseReviewLoaders; informationRequests: InformationRequestLoaders; partnerships: PartnershipLoaders; users: UserLoaders },
    private readonly steps: CaseSteps,
  ) {}

  /** Asks one of the partnership's agencies for its involvement (case IN_REVIEW). */
  async request(actor: Actor, caseId: string, agencyIdArg: string, questionArg: string, dueOn: string, now = new Date()): Promise<InformationRequest> {
    const agencyId = checkId(agencyIdArg, 'agencyId');
    const question = caseText(questionArg, 'question');
    if (dueOn < londonToday(now)) throw InformationRequestErrors.DUE_IN_PAST('dueOn');
    const record = await this.steps.step(actor, caseId, { allowed: ALLOWED_FROM.requestInformation, event: 'INFORMATION_REQUESTED' }, async (manager, c) => {
      const members = await this.loaders.partnerships.agencyIds.load(c.partnershipId);
      if (!members.includes(agencyId)) throw InformationRequestErrors.AGENCY_NOT_FOUND('agencyId');
      const [{ n }]: { n: number }[] = await manager.query('SELECT count(*)::int AS n FROM information_request WHERE case_id = $1', [c.id]);
      if (n >= MAX_CASE_INFORMATION_REQUESTS) throw InformationRequestErrors.TOO_MANY_REQUESTS('caseId');
      const saved = await manager.save(manager.create(InformationRequestRecord, { caseId: c.id, agencyId, question, dueOn, requestedById: actor.userId }));
      const agency = await this.loaders.agencies.byId.load(agencyId);
      return { result: saved, note: agency?.code ?? null };
    });
    this.loaders.informationRequests.byCase.clear(record.caseId);
    return informationRequestView(record, InformationRequestPolicy.answerBasis({ access: 'full', viewerAgencyId: actor.agencyId, subject: null }, record));
  }

  /**
   * The addressed agency's answer: once, while the case is open. It may attach
   * its own agency's records (`incidentIds`), which are linked to the case: the
   * third way a record reaches a case (DOMAIN.md, "Consent that holds").
   */
  async respond(actor: Actor, requestIdArg: string, summaryArg: string, actionsTaken: readonly string[], incidentIdsArg?: readonly string[] | null): Promise<InformationRequest> {
    const requestId = checkId(requestIdArg, 'requestId');
    const summary = caseText(summaryArg, 'summary');
    if (actionsTaken.length > MAX_ACTIONS) throw InformationRequestErrors.TOO_MANY_ACTIONS('actionsTaken');
    if ((incidentIdsArg?.length ?? 0) > MAX_ATTACHED) throw InformationRequestErrors.TOO_MANY_INCIDENTS('incidentIds');
    const incidentIds = checkIds(incidentIdsArg ?? [], 'incidentIds');
    const actions = actionsTaken.map((a, i) => caseText(a, `actionsTaken.${i}`, 2000));
    const record = await this.db.transaction(async (manager) => {
      const found = await manager.findOne(InformationRequestRecord, { where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
      const request = InformationRequestPolicy.authorize(actor, 'answer', found, 'requestId');
      if (request.respondedAt) throw InformationRequestErrors.ALREADY_ANSWERED('requestId');
      // An answer still informs the review while the case is open; not once it is closed or withdrawn.
      const c = await this.steps.lockCaseFor(manager, request.caseId, ALLOWED_FROM.open);
      if (incidentIds.length > 0) {
        if (!consentActive(c)) throw InformationRequestErrors.CONSENT_NOT_ACTIVE('incidentIds');
        if (!(ALLOWED_FROM.linkIncidents as readonly string[]).includes(c.status)) throw InformationRequestErrors.CASE_NOT_LINKING('incidentIds');
      }
      Object.assign(request, { responseSummary: summary, responseActions: actions, respondedAt: new Date(), respondedById: actor.userId });
      await manager.save(request);
      if (incidentIds.length > 0) {
        // The database decides (hub_attach_incidents): the responder's own agency's records of the
        // partnership, all or none; it links them to the case, which the responder cannot otherwise do.
        const [{ ids }]: { ids: string[] }[] = await manager.query('SELECT hub_attach_incidents($1, $2::uuid[]) AS ids', [request.id, incidentIds]);
        const accepted = new Set(ids);
        const missing = incidentIds.findIndex((id) => !accepted.has(id));
        if (missing >= 0) throw InformationRequestErrors.INCIDENT_NOT_FOUND(`incidentIds.${missing}`);
        request.attachedIncidentIds = [...new Set([...request.attachedIncidentIds, ...incidentIds])];
        this.loaders.cases.incidentIds.clear(c.id);
      }
      const agency = await this.loaders.agencies.byId.load(request.agencyId);
      const note = incidentIds.length > 0 ? `${agency?.code ?? ''}: ${incidentIds.length} record(s) attached` : agency?.code ?? null;
      await this.steps.recordChange(manager, c, actor.userId, 'INFORMATION_RESPONDED', note, {}, InformationRequestPolicy.ANSWER_WRITE_BASIS);
      this.db.accessLog.write('InformationRequest', request.id, request.caseId, InformationRequestPolicy.ANSWER_WRITE_BASIS);
      return request;
    });
    this.loaders.informationRequests.byId.clear(record.id).prime(record.id, record);
    this.loaders.informationRequests.byCase.clear(record.caseId);
    return informationRequestView(record, LawfulBasis.OWN_RECORD);
  }

  /** Requests addressed to the caller's agency; open = unanswered (true) or answered (false). */
  async mine(actor: Actor, open?: boolean | null, firstArg = MINE_DEFAULT): Promise<InformationRequest[]> {
    const first = checkFirst(firstArg, MAX_MINE);
    const manager = await this.db.manager();
    const where = {
      agencyId: actor.agencyId,
      ...(open === true ? { respondedAt: IsNull() } : open === false ? { respondedAt: Not(IsNull()) } : {}),
    };
    const rows = await manager.find(InformationRequestRecord, { where, order: { dueOn: 'ASC', requestedAt: 'ASC' }, take: first });
    // Addressed to the caller's own agency: its answers are its own.
    return rows.map((r) => informationRequestView(r, LawfulBasis.OWN_RECORD));
  }

  /** A case's requests as the viewer may see them: all for full sight, their own agency's otherwise. */
  async forCase(view: CaseReview): Promise<InformationRequest[]> {
    const rows = await this.loaders.informationRequests.byCase.load(view.id);
    return rows
      .filter((r) => CaseReviewPolicy.seesHistory(view) || r.agencyId === view.viewerAgencyId)
      .map((r) => informationRequestView(r, InformationRequestPolicy.answerBasis(view, r)));
  }

  /** The agency's answer, logged as a disclosure on its basis (an answer says what the agency knew about the people of the case). */
  async response(request: InformationRequest): Promise<InformationResponse | null> {
    const r = request.record;
    if (!r.respondedAt || !r.respondedById) return null;
    this.db.accessLog.read('InformationRequest', r.id, r.caseId, request.answerBasis);
    const respondedBy = await this.loaders.users.byId.load(r.respondedById);
    return { summary: r.responseSummary ?? '', actionsTaken: r.responseActions ?? [], respondedAt: r.respondedAt, respondedBy: respondedBy! };
  }
}
