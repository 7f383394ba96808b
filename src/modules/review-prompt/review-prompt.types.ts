import { Field, ID, ObjectType } from 'type-graphql';
import { Channel } from '../case-review/case-review.enums';
import { ReviewPromptKind } from './review-prompt-kind';
import type { ReviewPromptRecord } from './review-prompt.entity';

/**
 * A prompt as its recording agency sees it. incident, partnership, howToApply and
 * explainedBy are resolved in ReviewPromptResolver.
 */
@ObjectType({
  description:
    "A prompt to the agency that recorded an incident. It names the incident (the\nagency's own) and the partnership; it says nothing of which other agencies hold\nreports, how many, or what they say.",
})
export class ReviewPrompt {
  @Field(() => ID)
  id: string;

  @Field(() => ReviewPromptKind)
  kind: ReviewPromptKind;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  explainedAt: Date | null;

  @Field(() => Channel, { nullable: true })
  explainedChannel: Channel | null;

  record: ReviewPromptRecord;
}

export function promptView(record: ReviewPromptRecord): ReviewPrompt {
  return Object.assign(new ReviewPrompt(), {
    id: record.id,
    kind: record.kind,
    createdAt: record.createdAt,
    explainedAt: record.explainedAt,
    explainedChannel: record.explainedChannel,
    record,
  });
}
