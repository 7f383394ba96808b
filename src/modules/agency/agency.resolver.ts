import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { actorOf, type HubContext } from '../../graphql/context';
import { boundedList } from '../../common/cost';
import { Agency, MAX_AGENCIES_LISTED } from './agency.entity';
import { CreateAgencyInput } from './agency.inputs';

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => [Agency], { complexity: boundedList(MAX_AGENCIES_LISTED), description: `At most ${MAX_AGENCIES_LISTED}, by code.` })
  agencies(@Ctx() ctx: HubContext): Promise<Agency[]> {
    return ctx.services.agencies.list(actorOf(ctx));
  }

  @Mutation(() => Agency)
  createAgency(@Arg('input') input: CreateAgencyInput, @Ctx() ctx: HubContext): Promise<Agency> {
    return ctx.services.agencies.create(actorOf(ctx), input);
  }
}
