import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import type { HubContext } from '../../graphql/context';
import { disclosePerson, Person, type PersonalField } from './person.types';

/**
 * The personal fields of a Person: null when redacted for the caller; otherwise
 * the value, and the disclosure goes to the access log with the case it was
 * seen through.
 */
@Resolver(() => Person)
export class PersonResolver {
  @FieldResolver(() => String, { nullable: true })
  name(@Root() person: Person, @Ctx() ctx: HubContext): string | null {
    return disclose(person, 'name', ctx);
  }

  @FieldResolver(() => DateScalar, { nullable: true })
  dateOfBirth(@Root() person: Person, @Ctx() ctx: HubContext): string | null {
    return disclose(person, 'dateOfBirth', ctx);
  }

  @FieldResolver(() => String, { nullable: true })
  address(@Root() person: Person, @Ctx() ctx: HubContext): string | null {
    return disclose(person, 'address', ctx);
  }

  @FieldResolver(() => String, { nullable: true })
  postcode(@Root() person: Person, @Ctx() ctx: HubContext): string | null {
    return disclose(person, 'postcode', ctx);
  }

  @FieldResolver(() => String, { nullable: true })
  phone(@Root() person: Person, @Ctx() ctx: HubContext): string | null {
    return disclose(person, 'phone', ctx);
  }

  @FieldResolver(() => String, { nullable: true })
  email(@Root() person: Person, @Ctx() ctx: HubContext): string | null {
    return disclose(person, 'email', ctx);
  }
}

function disclose(person: Person, field: PersonalField, ctx: HubContext): string | null {
  return disclosePerson(person, field, ctx.db.accessLog);
}
