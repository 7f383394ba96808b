import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf, type HubContext } from '../../graphql/context';
import { Agency } from '../agency/agency.entity';
import { boundedList, textCost } from '../../common/cost';
import { MAX_PARTNERSHIP_AGENCIES, MAX_PARTNERSHIPS_LISTED, Partnership } from './partnership.entity';
import { howToApplyText, MAX_HOW_TO_APPLY } from './how-to-apply';
import { CreatePartnershipInput } from './partnership.inputs';
import { Timescales, TimescalesInput, timescalesOf } from './timescales';

@Resolver(() => Partnership)
export class PartnershipResolver {
  @Query(() => [Partnership], { complexity: boundedList(MAX_PARTNERSHIPS_LISTED), description: `At most ${MAX_PARTNERSHIPS_LISTED}, by code.` })
  partnerships(@Ctx() ctx: HubContext): Promise<Partnership[]> {
    return ctx.services.partnerships.list(actorOf(ctx));
  }

  @Query(() => Partnership, { nullable: true, description: 'NOT_FOUND when absent or not visible to the caller.' })
  partnership(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<Partnership> {
    return ctx.services.partnerships.get(actorOf(ctx), id);
  }

  @Mutation(() => Partnership)
  createPartnership(@Arg('input') input: CreatePartnershipInput, @Ctx() ctx: HubContext): Promise<Partnership> {
    return ctx.services.partnerships.create(actorOf(ctx), input);
  }

  @Mutation(() => Partnership)
  addAgencyToPartnership(
    @Arg('partnershipId', () => ID) partnershipId: string,
    @Arg('agencyId', () => ID) agencyId: string,
    @Ctx() ctx: HubContext,
  ): Promise<Partnership> {
    return ctx.services.partnerships.addAgency(actorOf(ctx), partnershipId, agencyId);
  }

  @Mutation(() => Partnership, { description: "CST_OFFICER of the lead agency, or ADMIN: the partnership's text on how to apply (at most 2000 characters)." })
  setHowToApply(@Arg('partnershipId', () => ID) partnershipId: string, @Arg('text') text: string, @Ctx() ctx: HubContext): Promise<Partnership> {
    return ctx.services.partnerships.setHowToApply(actorOf(ctx), partnershipId, text);
  }

  @Mutation(() => Partnership, { description: "CST_OFFICER of the lead agency, or ADMIN: the partnership's working-day targets (each no earlier than the one before)." })
  setPartnershipTimescales(
    @Arg('partnershipId', () => ID) partnershipId: string,
    @Arg('timescales', () => TimescalesInput) timescales: TimescalesInput,
    @Ctx() ctx: HubContext,
  ): Promise<Partnership> {
    return ctx.services.partnerships.setTimescales(actorOf(ctx), partnershipId, timescales);
  }

  @FieldResolver(() => Timescales, { description: "Working-day targets of the partnership's published procedure." })
  timescales(@Root() partnership: Partnership): Timescales {
    return timescalesOf(partnership);
  }

  @FieldResolver(() => String, { complexity: textCost(MAX_HOW_TO_APPLY), description: 'Plain-language text on how to apply, shown in prompts and on the public application page.' })
  howToApply(@Root() partnership: Partnership): string {
    return howToApplyText(partnership);
  }

  @Mutation(() => Partnership, { description: "ADMIN: a user of another agency who may chair this partnership's panels." })
  addIndependentChair(@Arg('partnershipId', () => ID) partnershipId: string, @Arg('userId', () => ID) userId: string, @Ctx() ctx: HubContext): Promise<Partnership> {
    return ctx.services.partnerships.addIndependentChair(actorOf(ctx), partnershipId, userId);
  }

  @FieldResolver(() => Agency)
  async leadAgency(@Root() partnership: Partnership, @Ctx() ctx: HubContext): Promise<Agency | null> {
    return ctx.loaders.agencies.byId.load(partnership.leadAgencyId);
  }

  @FieldResolver(() => [Agency], { complexity: boundedList(MAX_PARTNERSHIP_AGENCIES) })
  async agencies(@Root() partnership: Partnership, @Ctx() ctx: HubContext): Promise<Agency[]> {
    const ids = await ctx.loaders.partnerships.agencyIds.load(partnership.id);
    const agencies = await ctx.loaders.agencies.byId.loadMany(ids);
    return agencies.filter((a): a is Agency => a instanceof Agency);
  }
}
