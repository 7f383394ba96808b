import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsEmail, IsEnum, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { Role } from './role';

@InputType()
export class CreateUserInput {
  @Field()
  @MaxLength(254)
  @IsEmail()
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
