import { MAX_THRESHOLD_RULES } from './partnership.entity';
import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ORGANISATION_CODE } from '../agency/agency.inputs';
import { ThresholdRuleInput } from './threshold-rule';

@InputType()
export class CreatePartnershipInput {
  @Field()
  @Matches(ORGANISATION_CODE, { message: 'code: 1-40 upper-case letters, digits or inner hyphens' })
  code: string;

  @Field()
  @Length(1, 200)
  name: string;

  @Field(() => ID)
  leadAgencyId: string;

  @Field(() => [ThresholdRuleInput], {
    nullable: true,
    description: 'Defaults to one rule: 3 reports in 6 months, each within 1 month.',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_THRESHOLD_RULES)
  @ValidateNested({ each: true })
  thresholdRules?: ThresholdRuleInput[];

  @Field(() => Int, { nullable: true, defaultValue: 25 })
  @IsOptional()
  @Min(1)
  @Max(250)
  responseWorkingDays?: number;
}
