import { Length } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';

/** One recommendation of a panel's outcome, to one of the partnership's agencies. */
@InputType()
export class RecommendationInput {
  @Field(() => ID)
  agencyId: string;

  @Field()
  @Length(1, 5000)
  text: string;

  @Field(() => DateScalar, { nullable: true })
  dueOn?: string | null;
}
