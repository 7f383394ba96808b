import { boundedList } from '../../common/cost';
import { ArrayUnique, IsEnum, Max, Min } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { AsbCategory } from '../incident/asb-category';

/** One way the threshold can be met (DOMAIN.md, "Threshold computation"). Stored as JSON on the partnership. */
@ObjectType({ description: 'One way the threshold can be met. A case meets the threshold when ANY rule of its partnership holds.' })
export class ThresholdRule {
  @Field(() => Int, { description: 'At least this many qualifying reports ...' })
  minReports: number;

  @Field(() => Int, { description: '... made within this many calendar months before the application was received ...' })
  windowMonths: number;

  @Field(() => Int, { description: '... each made within this many calendar months of the incident it reports ...' })
  reportWithinMonths: number;

  @Field(() => Int, { description: '... by at least this many distinct reporters (1 = any) ...' })
  minDistinctReporters: number;

  @Field(() => [AsbCategory], { complexity: boundedList(Object.keys(AsbCategory).length), description: '... counting only these categories (empty = all).' })
  categories: AsbCategory[];
}

@InputType()
export class ThresholdRuleInput {
  @Field(() => Int, { defaultValue: 3 })
  @Min(1)
  @Max(100)
  minReports: number;

  @Field(() => Int, { defaultValue: 6 })
  @Min(1)
  @Max(120)
  windowMonths: number;

  @Field(() => Int, { defaultValue: 1 })
  @Min(1)
  @Max(120)
  reportWithinMonths: number;

  @Field(() => Int, { defaultValue: 1 })
  @Min(1)
  @Max(100)
  minDistinctReporters: number;

  @Field(() => [AsbCategory], { defaultValue: [] })
  @ArrayUnique()
  @IsEnum(AsbCategory, { each: true })
  categories: AsbCategory[];
}

/** The national default and Medway's rule: 3 reports in the 6 months before the application, each within 1 month of its incident. */
export const DEFAULT_THRESHOLD_RULES: ThresholdRule[] = [
  { minReports: 3, windowMonths: 6, reportWithinMonths: 1, minDistinctReporters: 1, categories: [] },
];
