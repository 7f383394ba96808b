import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf, type HubContext } from '../../graphql/context';
import { Agency } from '../agency/agency.entity';
import { User } from './user.entity';
import { CreateUserInput } from './user.inputs';

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { description: 'The caller. UNAUTHENTICATED without a valid token.' })
  me(@Ctx() ctx: HubContext): Promise<User> {
    return ctx.services.users.me(actorOf(ctx));
  }

  @Mutation(() => User)
  createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: HubContext): Promise<User> {
    return ctx.services.users.create(actorOf(ctx), input);
  }

  @FieldResolver(() => String, {
    description: "Empty for a user the caller may not know of: one outside the caller's agency and partnerships (their agencies' users and registered independent chairs).",
  })
  email(@Root() user: User, @Ctx() ctx: HubContext): Promise<string> {
    return ctx.services.users.emailFor(actorOf(ctx), user);
  }

  @FieldResolver(() => Agency)
  agency(@Root() user: User, @Ctx() ctx: HubContext): Promise<Agency | null> {
    return ctx.loaders.agencies.byId.load(user.agencyId);
  }
}
