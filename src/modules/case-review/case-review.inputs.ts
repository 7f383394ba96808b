import { ArrayMaxSize, IsEnum, IsOptional, Length, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { PersonInput } from '../person/person.inputs';
import { ApplicantRelationship, CaseStatus, Channel } from './case-review.enums';

/** Most incidents an application reports: the bound of CaseReview.reportedIncidents in the query cost. */
export const MAX_REPORTED_INCIDENTS = 100;

@InputType()
export class ReportedIncidentInput {
  @Field(() => DateScalar)
  occurredOn: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  reportedToName?: string | null;

  @Field()
  @Length(1, 200)
  reportedToOrganisation: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  reportedToReference?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  details?: string | null;
}

@InputType()
export class ApplicationInput {
  @Field(() => ID)
  partnershipId: string;

  @Field(() => Date, { nullable: true, description: 'Defaults to now; may be in the past for paper applications entered later.' })
  receivedAt?: Date | null;

  @Field(() => Channel)
  @IsEnum(Channel)
  channel: Channel;

  @Field(() => PersonInput)
  @ValidateNested()
  applicant: PersonInput;

  @Field(() => ApplicantRelationship)
  @IsEnum(ApplicantRelationship)
  relationship: ApplicantRelationship;

  @Field(() => PersonInput, { nullable: true, description: 'Required unless relationship is SELF (then the applicant is the victim).' })
  @IsOptional()
  @ValidateNested()
  victim?: PersonInput | null;

  @Field({ description: 'Required: no consent, no application.' })
  consentGivenAt: Date;

  @Field(() => Channel, { nullable: true, description: 'How the consent was given; defaults to the application channel.' })
  @IsOptional()
  @IsEnum(Channel)
  consentChannel?: Channel | null;

  @Field(() => [ReportedIncidentInput])
  @ArrayMaxSize(MAX_REPORTED_INCIDENTS)
  @ValidateNested({ each: true })
  reportedIncidents: ReportedIncidentInput[];
}

@InputType()
export class CaseReviewFilter {
  @Field(() => ID, { nullable: true })
  partnershipId?: string | null;

  @Field(() => CaseStatus, { nullable: true })
  @IsOptional()
  @IsEnum(CaseStatus)
  status?: CaseStatus | null;

  @Field(() => Date, { nullable: true })
  receivedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  receivedTo?: Date | null;
}
