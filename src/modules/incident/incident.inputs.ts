import { IsEnum, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { PersonInput } from '../person/person.inputs';
import { AsbCategory } from './asb-category';

@InputType()
export class IncidentInput {
  @Field()
  @Length(1, 100)
  @Matches(/\S/, { message: 'reference must not be blank' })
  reference: string;

  @Field()
  occurredAt: Date;

  @Field()
  reportedAt: Date;

  @Field(() => AsbCategory)
  @IsEnum(AsbCategory)
  category: AsbCategory;

  @Field()
  @Length(1, 10_000)
  summary: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  location?: string | null;

  @Field(() => PersonInput)
  @ValidateNested()
  reporter: PersonInput;
}

@InputType()
export class IncidentFilter {
  @Field(() => ID, { nullable: true })
  agencyId?: string | null;

  @Field(() => AsbCategory, { nullable: true })
  @IsOptional()
  @IsEnum(AsbCategory)
  category?: AsbCategory | null;

  @Field(() => Date, { nullable: true })
  reportedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  reportedTo?: Date | null;
}
