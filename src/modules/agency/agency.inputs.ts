import { IsEnum, Length, Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { AgencyKind } from './agency-kind';

/** Codes appear in references and URLs: upper-case letters, digits and hyphens. */
export const ORGANISATION_CODE = /^[A-Z0-9](?:[A-Z0-9-]{0,38}[A-Z0-9])?$/;

@InputType()
export class CreateAgencyInput {
  @Field()
  @Matches(ORGANISATION_CODE, { message: 'code: 1-40 upper-case letters, digits or inner hyphens' })
  code: string;

  @Field()
  @Length(1, 200)
  name: string;

  @Field(() => AgencyKind)
  @IsEnum(AgencyKind)
  kind: AgencyKind;
}
