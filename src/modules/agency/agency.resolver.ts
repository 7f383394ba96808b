import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { actorOf, type HubContext } from '../../graphql/context';
import { Agency } from './agency.entity';
import { CreateAgencyInput } from './agency.inputs';

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => [Agency])
  agencies(@Ctx() ctx: HubContext): Promise<Agency[]> {
    return ctx.services.agencies.list(actorOf(ctx));
  }

  @Mutation(() => Agency)
  createAgency(@Arg('input') input: CreateAgencyInput, @Ctx() ctx: HubContext): Promise<Agency> {
    return ctx.services.agencies.create(actorOf(ctx), input);
  }
}
