import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsAscii, IsEmail, IsEnum, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { Role } from './role';

@InputType()
export class CreateUserInput {
  /** ASCII only: a look-alike address (a Cyrillic а) would otherwise pass for another user's. */
  @Field()
  @MaxLength(254)
  @IsEmail()
  @IsAscii({ message: 'email must be ASCII' })
  email: string;

  @Field()
  @Length(1, 200)
  displayName: string;

  @Field(() => ID)
  agencyId: string;

  @Field(() => [Role])
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles: Role[];
}
