import { checkFirst, MAX_MINE, MINE_DEFAULT } from '../../common/pagination';
import { MAX_ACTIONS, MAX_CASE_INFORMATION_REQUESTS } from './information-request.types';
import { IsNull, Not } from 'typeorm';
import type { Actor } from '../../common/actor';
import { checkId, checkIds } from '../../common/ids';
import { londonDate } from '../../common/working-days';
import type { ServiceDeps } from '../../graphql/services';
import { ALLOWED_FROM } from '../case-review/case-review.policy';
import { consentActive, type CaseReview } from '../case-review/case-review.types';
import { InformationRequestRecord } from './information-request.entity';
import { InformationRequestErrors } from './information-request.errors';
import { InformationRequestPolicy } from './information-request.policy';
import { informationRequestView, type InformationRequest, type InformationResponse } from './information-request.types';

const MAX_ATTACHED = 200;

/** The CST asks an agency what it knew and did; the agency's responders answer. */
export class InformationRequestService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Asks one of the partnership's agencies for its involvement (case IN_REVIEW). */
  async request(actor: Actor, caseId: string, agencyIdArg: string, questionArg: string, dueOn: string, now = new Date()): Promise<InformationRequest> {
    const agencyId = checkId(agencyIdArg, 'agencyId');
    const cases = this.deps.services.cases;
    const question = cases.text(questionArg, 'question');
    if (dueOn < londonDate(now)) throw InformationRequestErrors.DUE_IN_PAST('dueOn');
    const record = await cases.step(actor, caseId, { allowed: ALLOWED_FROM.requestInformation, event: 'INFORMATION_REQUESTED' }, async (manager, c) => {
      const member = await manager.query('SELECT 1 FROM partnership_agency WHERE partnership_id = $1 AND agency_id = $2', [c.partnershipId, agencyId]);
      if (member.length === 0) throw InformationRequestErrors.AGENCY_NOT_FOUND('agencyId');
      const [{ n }]: { n: number }[] = await manager.query('SELECT count(*)::int AS n FROM information_request WHERE case_id = $1', [c.id]);
      if (n >= MAX_CASE_INFORMATION_REQUESTS) throw InformationRequestErrors.TOO_MANY_REQUESTS('caseId');
      const saved = await manager.save(manager.create(InformationRequestRecord, { caseId: c.id, agencyId, question, dueOn, requestedById: actor.userId }));
      const agency = await this.deps.loaders.agencies.byId.load(agencyId);
      return { result: saved, note: agency?.code ?? null };
    });
    this.deps.loaders.informationRequests.byCase.clear(record.caseId);
    return informationRequestView(record);
  }

  /**
   * The addressed agency's answer: once, while the case is open. It may attach
   * its own agency's records (`incidentIds`), which are linked to the case: the
   * third way a record reaches a case (DOMAIN.md, "Consent that holds").
   */
  async respond(actor: Actor, requestIdArg: string, summaryArg: string, actionsTaken: readonly string[], incidentIdsArg?: readonly string[] | null): Promise<InformationRequest> {
    const requestId = checkId(requestIdArg, 'requestId');
    const cases = this.deps.services.cases;
    const summary = cases.text(summaryArg, 'summary');
    if (actionsTaken.length > MAX_ACTIONS) throw InformationRequestErrors.TOO_MANY_ACTIONS('actionsTaken');
    if ((incidentIdsArg?.length ?? 0) > MAX_ATTACHED) throw InformationRequestErrors.TOO_MANY_INCIDENTS('incidentIds');
    const incidentIds = checkIds(incidentIdsArg ?? [], 'incidentIds');
    const actions = actionsTaken.map((a, i) => cases.text(a, `actionsTaken.${i}`, 2000));
    const record = await this.deps.db.transaction(async (manager) => {
      const request = await manager.findOne(InformationRequestRecord, { where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
      if (!request || !InformationRequestPolicy.isAddressedTo(actor, request)) throw InformationRequestErrors.NOT_FOUND('requestId');
      if (request.respondedAt) throw InformationRequestErrors.ALREADY_ANSWERED('requestId');
      // An answer still informs the review while the case is open; not once it is closed or withdrawn.
      const c = await cases.lockCaseFor(manager, request.caseId, ALLOWED_FROM.open);
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
        this.deps.loaders.cases.incidentIds.clear(c.id);
      }
      const agency = await this.deps.loaders.agencies.byId.load(request.agencyId);
      const note = incidentIds.length > 0 ? `${agency?.code ?? ''}: ${incidentIds.length} record(s) attached` : agency?.code ?? null;
      await cases.recordChange(manager, c, actor.userId, 'INFORMATION_RESPONDED', note, {});
      this.deps.db.accessLog.write('InformationRequest', request.id, request.caseId);
      return request;
    });
    this.deps.loaders.informationRequests.byId.clear(record.id).prime(record.id, record);
    this.deps.loaders.informationRequests.byCase.clear(record.caseId);
    return informationRequestView(record);
  }

  /** Requests addressed to the caller's agency; open = unanswered (true) or answered (false). */
  async mine(actor: Actor, open?: boolean | null, firstArg = MINE_DEFAULT): Promise<InformationRequest[]> {
    const first = checkFirst(firstArg, MAX_MINE);
    const manager = await this.deps.db.manager();
    const where = {
      agencyId: actor.agencyId,
      ...(open === true ? { respondedAt: IsNull() } : open === false ? { respondedAt: Not(IsNull()) } : {}),
    };
    const rows = await manager.find(InformationRequestRecord, { where, order: { dueOn: 'ASC', requestedAt: 'ASC' }, take: first });
    return rows.map(informationRequestView);
  }

  /** A case's requests as the viewer may see them: all for full sight, their own agency's otherwise. */
  async forCase(view: CaseReview): Promise<InformationRequest[]> {
    const rows = await this.deps.loaders.informationRequests.byCase.load(view.id);
    return rows.filter((r) => view.access === 'full' || r.agencyId === view.viewerAgencyId).map(informationRequestView);
  }

  async response(request: InformationRequest): Promise<InformationResponse | null> {
    const r = request.record;
    if (!r.respondedAt || !r.respondedById) return null;
    const respondedBy = await this.deps.loaders.users.byId.load(r.respondedById);
    return { summary: r.responseSummary ?? '', actionsTaken: r.responseActions ?? [], respondedAt: r.respondedAt, respondedBy: respondedBy! };
  }
}
