import { addCalendarDays } from '../../common/working-days';
import { RiskLevel } from './risk-level';
import type { RiskAnswerData } from './risk-assessment.entity';
import type { RiskQuestionData } from './risk-scheme.entity';

/** What scoring needs of a partnership's scheme. */
export type RiskRules = {
  questions: readonly RiskQuestionData[];
  highFromScore: number;
  mediumFromScore: number;
  highReviewDays: number;
  mediumReviewDays: number;
};

export type RiskScore = { score: number; level: RiskLevel; answers: RiskAnswerData[]; reviewDueOn: string | null };

/**
 * DOMAIN.md's scoring: the score is the sum of the scores of the questions
 * answered "yes"; HIGH at the high mark or when a question that forces it is
 * answered "yes", MEDIUM at the medium mark, STANDARD below. HIGH and MEDIUM are
 * reassessed within their number of calendar days of `assessedOn` (a
 * Europe/London date); STANDARD has no date. `answers` must answer each
 * question once (checked by the caller, which names the bad input); they are
 * kept in the scheme's order.
 */
export function scoreRisk(rules: RiskRules, answers: ReadonlyMap<string, boolean>, assessedOn: string): RiskScore {
  const given = rules.questions.map((q) => {
    const answer = answers.get(q.id) === true;
    return { question: q, data: { questionId: q.id, question: q.question, answer, score: answer ? q.score : 0 } };
  });
  const score = given.reduce((sum, g) => sum + g.data.score, 0);
  const forced = given.some((g) => g.data.answer && g.question.forcesHigh);
  const level = forced || score >= rules.highFromScore ? RiskLevel.HIGH : score >= rules.mediumFromScore ? RiskLevel.MEDIUM : RiskLevel.STANDARD;
  const within = level === RiskLevel.HIGH ? rules.highReviewDays : level === RiskLevel.MEDIUM ? rules.mediumReviewDays : null;
  return { score, level, answers: given.map((g) => g.data), reviewDueOn: within === null ? null : addCalendarDays(assessedOn, within) };
}
