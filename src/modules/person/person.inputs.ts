import { IsEmail, IsEnum, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { PersonKind } from './person-kind';

/** UK postcode, spaces optional, any case (e.g. ME4 4TR, SW1A 1AA); BFPO and overseas forms are not accepted. */
export const UK_POSTCODE = /^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$/;

@InputType()
export class PersonInput {
  @Field(() => PersonKind, { defaultValue: PersonKind.INDIVIDUAL })
  @IsEnum(PersonKind)
  kind: PersonKind;

  @Field()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  dateOfBirth?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  address?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(UK_POSTCODE, { message: 'postcode must be a UK postcode' })
  postcode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'phone must be 6-20 digits, spaces, brackets or hyphens' })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(254)
  @IsEmail()
  email?: string | null;
}
