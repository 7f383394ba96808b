import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import type { HubContext } from '../../graphql/context';
import { Person } from './person.types';

/**
 * The personal fields of a Person: null when redacted for the caller; otherwise
 * the value, and the disclosure goes to the access log with the case it was
 * seen through (PersonService.disclose).
 */
@Resolver(() => Person)
export class PersonResolver {
  @FieldResolver(() => String, { nullable: true })
  name(@Root() person: Person, @Ctx() ctx: HubContext): string | null {
    return ctx.services.people.disclose(person, 'name');
  }

  @FieldResolver(() => DateScalar, { nullable: true })
  dateOfBirth(@Root() person: Person, @Ctx() ctx: HubContext): string | null {
    return ctx.services.people.disclose(person, 'dateOfBirth');
  }

  @FieldResolver(() => String, { nullable: true })
  address(@Root() person: Person, @Ctx() ctx: HubContext): string | null {
    return ctx.services.people.disclose(person, 'address');
  }

  @FieldResolver(() => String, { nullable: true })
  postcode(@Root() person: Person, @Ctx() ctx: HubContext): string | null {
    return ctx.services.people.disclose(person, 'postcode');
  }

  @FieldResolver(() => String, { nullable: true })
  phone(@Root() person: Person, @Ctx() ctx: HubContext): string | null {
    return ctx.services.people.disclose(person, 'phone');
  }

  @FieldResolver(() => String, { nullable: true })
  email(@Root() person: Person, @Ctx() ctx: HubContext): string | null {
    return ctx.services.people.disclose(person, 'email');
  }
}
