import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { checkId } from '../../common/ids';
import { checkFirst, MAX_MINE, MINE_DEFAULT } from '../../common/pagination';
import type { RequestDb } from '../../database/request-db';
import type { RecordedBasis } from '../access-log/lawful-basis';
import type { AgencyLoaders } from '../agency/agency.loaders';
import type { CaseReviewRecord } from '../case-review/case-review.entity';
import { ALLOWED_FROM, CaseReviewPolicy } from '../case-review/case-review.policy';
import type { CaseReview } from '../case-review/case-review.types';
import { caseText, type CaseSteps } from '../case-review/case-steps';
import type { RecommendationInput } from '../panel/panel.inputs';
import type { PartnershipLoaders } from '../partnership/partnership.loaders';
import { RecommendationDecision, RecommendationStatus } from './recommendation-status';
import { RecommendationRecord } from './recommendation.entity';
import { RecommendationErrors } from './recommendation.errors';
import type { RecommendationLoaders } from './recommendation.loaders';
import { MAX_PER_PANEL } from './recommendation.types';
import { RecommendationPolicy } from './recommendation.policy';
import { recommendationView, type Recommendation } from './recommendation.types';


/** A recommendation as the panel's chair gave it, checked. */
export type CheckedRecommendation = { agencyId: string; text: string; dueOn: string | null };

/** Recommendations from panels to agencies, and the agencies' duty to have regard to them. */
export class RecommendationService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { agencies: AgencyLoaders; partnerships: PartnershipLoaders; recommendations: RecommendationLoaders },
    private readonly steps: CaseSteps,
  ) {}

  /** Checks a panel's recommendations before its outcome is recorded. */
  checkInputs(inputs: readonly RecommendationInput[]): CheckedRecommendation[] {
    if (inputs.length > MAX_PER_PANEL) throw RecommendationErrors.TOO_MANY('recommendations');
    return inputs.map((r, i) => ({
      agencyId: checkId(r.agencyId, `recommendations.${i}.agencyId`),
      text: caseText(r.text, `recommendations.${i}.text`),
      dueOn: r.dueOn ?? null,
    }));
  }

  /** Creates the panel's recommendations, each addressed to one of the partnership's agencies. */
  async createForPanel(manager: EntityManager, c: CaseReviewRecord, panelId: string, inputs: readonly CheckedRecommendation[], basis: RecordedBasis): Promise<void> {
    if (inputs.length === 0) return;
    const allowed = new Set(await this.loaders.partnerships.agencyIds.load(c.partnershipId));
    const outside = inputs.findIndex((r) => !allowed.has(r.agencyId));
    if (outside >= 0) throw RecommendationErrors.AGENCY_NOT_FOUND(`recommendations.${outside}.agencyId`);
    const rows = inputs.map((r, position) => ({ caseId: c.id, panelId, agencyId: r.agencyId, position, text: r.text, dueOn: r.dueOn }));
    const result = await manager.insert(RecommendationRecord, rows);
    for (const id of result.identifiers) this.db.accessLog.write('Recommendation', id.id as string, c.id, basis);
    this.loaders.recommendations.byCase.clear(c.id);
  }

  /** Accepts, or declines with a good reason; may be changed until the recommendation is completed. */
  async respond(actor: Actor, idArg: string, decision: RecommendationDecision, reasonArg?: string | null): Promise<Recommendation> {
    const reason = reasonArg?.trim() ? caseText(reasonArg, 'reason') : null;
    if (decision === RecommendationDecision.DECLINED && !reason) throw RecommendationErrors.REASON_REQUIRED('reason');
    return this.change(actor, idArg, `RECOMMENDATION_${decision}`, (r) => {
      if (r.status === RecommendationStatus.COMPLETED) throw RecommendationErrors.ALREADY_COMPLETED('recommendationId');
      return {
        status: decision === RecommendationDecision.ACCEPTED ? RecommendationStatus.ACCEPTED : RecommendationStatus.DECLINED,
        responseReason: reason,
        respondedAt: new Date(),
        respondedById: actor.userId,
      };
    });
  }

  /** Marks an accepted recommendation done. */
  async complete(actor: Actor, idArg: string, noteArg?: string | null): Promise<Recommendation> {
    const note = noteArg?.trim() ? caseText(noteArg, 'note') : null;
    return this.change(actor, idArg, 'RECOMMENDATION_COMPLETED', (r) => {
      if (r.status !== RecommendationStatus.ACCEPTED) throw RecommendationErrors.NOT_ACCEPTED('recommendationId');
      return { status: RecommendationStatus.COMPLETED, completedAt: new Date(), completionNote: note };
    });
  }

  /** Recommendations addressed to the caller's agency, oldest first. */
  async mine(actor: Actor, status?: RecommendationStatus | null, firstArg = MINE_DEFAULT): Promise<Recommendation[]> {
    const first = checkFirst(firstArg, MAX_MINE);
    const manager = await this.db.manager();
    const rows = await manager.find(RecommendationRecord, {
      where: { agencyId: actor.agencyId, ...(status ? { status } : {}) },
      order: { createdAt: 'ASC', position: 'ASC' },
      take: first,
    });
    return rows.map(recommendationView);
  }

  /** A case's recommendations as the viewer may see them: all for full sight, their own agency's otherwise. */
  async forCase(view: CaseReview): Promise<Recommendation[]> {
    const rows = await this.loaders.recommendations.byCase.load(view.id);
    return rows.filter((r) => CaseReviewPolicy.seesHistory(view) || r.agencyId === view.viewerAgencyId).map(recommendationView);
  }

  private async change(
    actor: Actor,
    idArg: string,
    event: string,
    decide: (r: RecommendationRecord) => Partial<RecommendationRecord>,
  ): Promise<Recommendation> {
    const id = checkId(idArg, 'recommendationId');
    const record = await this.db.transaction(async (manager) => {
      const found = await manager.findOne(RecommendationRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const r = RecommendationPolicy.authorize(actor, 'answer', found, 'recommendationId');
      const patch = decide(r);
      // The duty to have regard outlives the case: agencies answer and complete
      // recommendations after the outcome letter and after closure too.
      const c = await this.steps.lockCaseFor(manager, r.caseId, ALLOWED_FROM.any);
      await manager.update(RecommendationRecord, { id }, patch);
      Object.assign(r, patch);
      const agency = await this.loaders.agencies.byId.load(r.agencyId);
      await this.steps.recordChange(manager, c, actor.userId, event, `${agency?.code ?? ''} #${r.position + 1}`, {}, RecommendationPolicy.ANSWER_BASIS);
      this.db.accessLog.write('Recommendation', r.id, r.caseId, RecommendationPolicy.ANSWER_BASIS);
      return r;
    });
    this.loaders.recommendations.byCase.clear(record.caseId);
    return recommendationView(record);
  }
}
