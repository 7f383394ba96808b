import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { londonToday } from '../../common/clock';
import type { RequestDb } from '../../database/request-db';
import { CaseReviewRecord } from '../case-review/case-review.entity';
import { CaseStatus } from '../case-review/case-review.enums';
import { ALLOWED_FROM, CaseReviewPolicy } from '../case-review/case-review.policy';
import { caseView, type CaseReview } from '../case-review/case-review.types';
import type { CaseReviewViews } from '../case-review/case-review.views';
import type { CaseSteps } from '../case-review/case-steps';
import type { CaseReviewLoaders } from '../case-review/case-review.loaders';
import { RiskAssessmentRecord, type RiskAnswerData } from './risk-assessment.entity';
import { RiskAssessmentErrors } from './risk-assessment.errors';
import type { RiskAssessmentLoaders } from './risk-assessment.loaders';
import { RiskAssessmentPolicy } from './risk-assessment.policy';
import { riskAssessmentView, MAX_RISK_QUESTIONS, type RiskAnswerInput, type RiskAssessment, type RiskScheme } from './risk-assessment.types';
import { RiskLevel } from './risk-level';
import { RiskSchemeRecord } from './risk-scheme.entity';
import { scoreRisk } from './risk-scoring';

/** Risk assessments of a case's victim: assessed and reassessed by the CST or the panel, read as the caller may. */
export class RiskAssessmentService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { cases: CaseReviewLoaders; riskAssessments: RiskAssessmentLoaders },
    private readonly steps: CaseSteps,
    private readonly caseViews: CaseReviewViews,
  ) {}

  /**
   * A new version of the case's risk assessment, scored with the partnership's
   * scheme: a step on the case (locked, versioned, RISK_ASSESSED event), by its
   * CST or a member of its panel, while the case is open. Every question must
   * be answered once.
   */
  async assess(actor: Actor, caseId: string, input: readonly RiskAnswerInput[], expectedVersion?: number | null, now = new Date()): Promise<CaseReview> {
    if (input.length > MAX_RISK_QUESTIONS) throw RiskAssessmentErrors.TOO_MANY_ANSWERS('answers');
    const sitsOn = await this.caseViews.panelCaseIds(actor);
    const record = await this.steps.step(
      actor,
      caseId,
      {
        allowed: ALLOWED_FROM.open,
        event: 'RISK_ASSESSED',
        expectedVersion,
        authorize: async (a, c) => RiskAssessmentPolicy.authorize(a, 'assess', c, sitsOn),
      },
      async (manager, c, basis) => {
        const scheme = await manager.findOneBy(RiskSchemeRecord, { partnershipId: c.partnershipId });
        if (!scheme) throw RiskAssessmentErrors.NO_SCHEME('caseId');
        const scored = scoreRisk(scheme, answersOf(scheme, input), londonToday(now));
        const saved = await this.insertVersion(manager, {
          caseId: c.id,
          level: scored.level,
          score: scored.score,
          answers: scored.answers,
          assessedAt: now,
          assessedById: actor.userId,
          agencyId: actor.agencyId,
          reviewDueOn: scored.reviewDueOn,
        });
        this.db.accessLog.write('RiskAssessment', saved.id, c.id, basis);
        return {
          result: c,
          patch: { riskHigh: scored.level === RiskLevel.HIGH, riskReviewDueOn: scored.reviewDueOn },
          note: `${scored.level} (score ${scored.score})`,
        };
      },
    );
    this.loaders.riskAssessments.byCase.clear(record.id);
    return caseView(record, 'full', actor.agencyId);
  }

  /** The case's latest assessment, for those who see the case in full; null when none. */
  async latest(view: CaseReview): Promise<RiskAssessment | null> {
    return (await this.history(view))[0] ?? null;
  }

  /** Every version (the newest MAX_RISK_VERSIONS), newest first, for those who see the case in full. */
  async history(view: CaseReview): Promise<RiskAssessment[]> {
    if (!CaseReviewPolicy.seesHistory(view)) return [];
    const rows = await this.loaders.riskAssessments.byCase.load(view.id);
    return rows.map((r) => riskAssessmentView(r, RiskAssessmentPolicy.answersBasis(view, r)));
  }

  /** The answers as the caller may see them; each disclosure goes to the access log with the case. */
  answers(assessment: RiskAssessment): RiskAnswerData[] {
    if (assessment.basis === null) return [];
    this.db.accessLog.read('RiskAssessment', assessment.record.id, assessment.record.caseId, assessment.basis);
    return assessment.record.answers;
  }

  async scheme(partnershipId: string): Promise<RiskScheme | null> {
    const scheme = await this.loaders.riskAssessments.schemeByPartnership.load(partnershipId);
    return scheme && { ...scheme, questions: scheme.questions.slice(0, MAX_RISK_QUESTIONS) };
  }

  /**
   * Open cases of these partnerships whose latest risk assessment is past its
   * reassessment date (`today` is after reviewDueOn), HIGH first, then the
   * longest overdue; one statement. For the overdue-cases list: the caller
   * has checked the partnerships are the caller's.
   */
  async lateReassessments(partnershipIds: readonly string[], today = londonToday()): Promise<CaseReviewRecord[]> {
    if (partnershipIds.length === 0) return [];
    const rows = await (await this.db.manager())
      .createQueryBuilder(CaseReviewRecord, 'c')
      .where('c.partnership_id = ANY(:partnershipIds)', { partnershipIds: [...partnershipIds] })
      .andWhere('c.risk_review_due_on < CAST(:today AS date)', { today })
      .andWhere('c.status NOT IN (:...closed)', { closed: [CaseStatus.CLOSED, CaseStatus.WITHDRAWN] })
      .orderBy('c.risk_high', 'DESC')
      .addOrderBy('c.risk_review_due_on', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
    for (const r of rows) this.loaders.cases.byId.prime(r.id, r);
    return rows;
  }

  /** The next version, in the step's transaction (the case row is locked, so versions cannot race). */
  private async insertVersion(manager: EntityManager, values: Omit<RiskAssessmentRecord, 'id' | 'version'>): Promise<RiskAssessmentRecord> {
    const [{ next }]: { next: number }[] = await manager.query('SELECT coalesce(max(version), 0) + 1 AS next FROM risk_assessment WHERE case_id = $1', [values.caseId]);
    return manager.save(manager.create(RiskAssessmentRecord, { ...values, version: next }));
  }
}

/** The answers by question id, each question of the scheme exactly once; anything else names the bad input. */
function answersOf(scheme: RiskSchemeRecord, input: readonly RiskAnswerInput[]): Map<string, boolean> {
  const known = new Set(scheme.questions.map((q) => q.id));
  const answers = new Map<string, boolean>();
  input.forEach((a, i) => {
    if (!known.has(a.questionId)) throw RiskAssessmentErrors.UNKNOWN_QUESTION(`answers.${i}.questionId`);
    if (answers.has(a.questionId)) throw RiskAssessmentErrors.ANSWERED_TWICE(`answers.${i}.questionId`);
    answers.set(a.questionId, a.answer);
  });
  const missing = scheme.questions.filter((q) => !answers.has(q.id)).map((q) => q.id);
  if (missing.length > 0) throw RiskAssessmentErrors.UNANSWERED('answers', `Answer every question of the risk assessment; not answered: ${missing.join(', ')}`);
  return answers;
}
