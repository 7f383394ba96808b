import { Field, InputType, Int, ObjectType } from 'type-graphql';
import type { RecordedBasis } from '../access-log/lawful-basis';
import { boundedList } from '../../common/cost';
import { DateScalar } from '../../common/scalars';
import type { RiskAssessmentRecord } from './risk-assessment.entity';
import { RiskLevel } from './risk-level';

/** Most questions a partnership's risk assessment has: the bound of its lists in the query cost. */
export const MAX_RISK_QUESTIONS = 30;
/** Most versions CaseReview.riskAssessments answers (the newest): a case reassessed every 14 days for almost four years. */
export const MAX_RISK_VERSIONS = 100;

@ObjectType({ description: 'One answer of a risk assessment: the question as it was asked, and the points it added (0 for "no").' })
export class RiskAnswer {
  @Field()
  questionId: string;

  @Field()
  question: string;

  @Field(() => Boolean)
  answer: boolean;

  @Field(() => Int)
  score: number;
}

@InputType()
export class RiskAnswerInput {
  @Field({ description: "A question of the partnership's risk scheme (Partnership.riskScheme), e.g. `violence`." })
  questionId: string;

  @Field(() => Boolean)
  answer: boolean;
}

/**
 * A version of a case's risk assessment as one caller sees it. The answers are
 * personal data the assessor's agency holds: withheld (empty, `redacted`) from
 * other agencies once the victim's consent is not active.
 */
@ObjectType({ description: "A risk assessment of the victim (DOMAIN.md's question set, per partnership). Every version is kept; the latest is the case's." })
export class RiskAssessment {
  @Field(() => RiskLevel)
  level: RiskLevel;

  @Field(() => Int, { description: "Sum of the answered questions' scores." })
  score: number;

  @Field()
  assessedAt: Date;

  @Field(() => DateScalar, { nullable: true, description: 'When it must be assessed again (14 days for HIGH, 28 for MEDIUM, null for STANDARD).' })
  reviewDueOn: string | null;

  @Field(() => Int, { description: "1 for the case's first assessment, +1 for each reassessment." })
  version: number;

  @Field(() => Boolean, { description: "True when the answers are withheld from you (another agency's assessment once consent is not active): answers is empty." })
  redacted: boolean;

  record: RiskAssessmentRecord;
  /** Why the answers may reach this caller (RiskAssessmentPolicy.answersBasis); null: withheld. */
  basis: RecordedBasis | null;
}

export function riskAssessmentView(record: RiskAssessmentRecord, basis: RecordedBasis | null): RiskAssessment {
  return Object.assign(new RiskAssessment(), {
    level: record.level,
    score: record.score,
    assessedAt: record.assessedAt,
    reviewDueOn: record.reviewDueOn,
    version: record.version,
    redacted: basis === null,
    record,
    basis,
  });
}

@ObjectType({ description: "A question of the partnership's risk assessment." })
export class RiskQuestion {
  @Field()
  id: string;

  @Field()
  question: string;

  @Field(() => Int, { description: 'Points a "yes" adds.' })
  score: number;

  @Field(() => Boolean, { description: 'A "yes" makes the level HIGH whatever the score.' })
  forcesHigh: boolean;
}

@ObjectType({ description: "A partnership's risk assessment: its questions, where the levels start and how soon each is reassessed." })
export class RiskScheme {
  @Field(() => [RiskQuestion], { complexity: boundedList(MAX_RISK_QUESTIONS) })
  questions: RiskQuestion[];

  @Field(() => Int, { description: 'HIGH from this score up.' })
  highFromScore: number;

  @Field(() => Int, { description: 'MEDIUM from this score up; STANDARD below.' })
  mediumFromScore: number;

  @Field(() => Int, { description: 'Days within which a HIGH assessment is reassessed.' })
  highReviewDays: number;

  @Field(() => Int, { description: 'Days within which a MEDIUM assessment is reassessed.' })
  mediumReviewDays: number;
}
