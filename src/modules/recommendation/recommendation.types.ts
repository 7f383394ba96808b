import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { RecommendationStatus } from './recommendation-status';
import type { RecommendationRecord } from './recommendation.entity';

/** Most recommendations one panel outcome records. */
export const MAX_PER_PANEL = 50;
/** Most recommendations a case holds: one outcome per panel, at most two panels (the first and the secondary review). */
export const MAX_CASE_RECOMMENDATIONS = 2 * MAX_PER_PANEL;

/** A recommendation as its readers see it; case, agency and respondedBy are resolved in RecommendationResolver. */
@ObjectType()
export class Recommendation {
  @Field(() => ID)
  id: string;

  @Field()
  text: string;

  @Field(() => DateScalar, { nullable: true })
  dueOn: string | null;

  @Field(() => RecommendationStatus)
  status: RecommendationStatus;

  @Field(() => String, { nullable: true, description: 'Required when DECLINED: the good reason the agency gives (duty to have regard).' })
  responseReason: string | null;

  @Field(() => Date, { nullable: true })
  respondedAt: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'What the agency said when it completed the recommendation.' })
  completionNote: string | null;

  record: RecommendationRecord;
}

export function recommendationView(record: RecommendationRecord): Recommendation {
  return Object.assign(new Recommendation(), {
    id: record.id,
    text: record.text,
    dueOn: record.dueOn,
    status: record.status,
    responseReason: record.responseReason,
    respondedAt: record.respondedAt,
    completedAt: record.completedAt,
    completionNote: record.completionNote,
    record,
  });
}
