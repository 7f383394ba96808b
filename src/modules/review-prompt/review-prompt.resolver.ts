import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { boundedList, textCost } from '../../common/cost';
import { actorOf, type HubContext } from '../../graphql/context';
import { Channel } from '../case-review/case-review.enums';
import { Incident, RecordIncidentsPayload } from '../incident/incident.types';
import { howToApplyText, MAX_HOW_TO_APPLY } from '../partnership/how-to-apply';
import { Partnership } from '../partnership/partnership.entity';
import { User } from '../user/user.entity';
import { MAX_PROMPTS_LISTED } from './review-prompt.service';
import { ReviewPrompt } from './review-prompt.types';
import { MAX_BATCH } from '../incident/incident.types';

@Resolver(() => ReviewPrompt)
export class ReviewPromptResolver {
  @Query(() => [ReviewPrompt], {
    complexity: boundedList(MAX_PROMPTS_LISTED),
    description: `Open (or all) prompts for the caller's agency, newest first (at most ${MAX_PROMPTS_LISTED}).`,
  })
  reviewPrompts(
    @Ctx() ctx: HubContext,
    @Arg('open', () => Boolean, { nullable: true, defaultValue: true }) open?: boolean | null,
  ): Promise<ReviewPrompt[]> {
    return ctx.services.reviewPrompts.list(actorOf(ctx), open ?? true);
  }

  @Mutation(() => ReviewPrompt, { description: 'Closes the prompt: the case review was explained to the reporter. explainedAt defaults to now.' })
  markPromptExplained(
    @Arg('promptId', () => ID) promptId: string,
    @Arg('channel', () => Channel) channel: Channel,
    @Ctx() ctx: HubContext,
    @Arg('explainedAt', () => Date, { nullable: true }) explainedAt?: Date | null,
  ): Promise<ReviewPrompt> {
    return ctx.services.reviewPrompts.markExplained(actorOf(ctx), promptId, channel, explainedAt);
  }

  @FieldResolver(() => User, { nullable: true })
  async explainedBy(@Root() prompt: ReviewPrompt, @Ctx() ctx: HubContext): Promise<User | null> {
    return prompt.record.explainedById ? ctx.loaders.users.byId.load(prompt.record.explainedById) : null;
  }

  @FieldResolver(() => Incident, { description: "The recording agency's own incident." })
  incident(@Root() prompt: ReviewPrompt, @Ctx() ctx: HubContext): Promise<Incident> {
    return ctx.services.incidents.get(actorOf(ctx), prompt.record.incidentId);
  }

  @FieldResolver(() => Partnership)
  async partnership(@Root() prompt: ReviewPrompt, @Ctx() ctx: HubContext): Promise<Partnership | null> {
    return ctx.loaders.partnerships.byId.load(prompt.record.partnershipId);
  }

  @FieldResolver(() => String, { complexity: textCost(MAX_HOW_TO_APPLY), description: "The partnership's published text on how to apply (Partnership.howToApply)." })
  async howToApply(@Root() prompt: ReviewPrompt, @Ctx() ctx: HubContext): Promise<string> {
    const partnership = await ctx.loaders.partnerships.byId.load(prompt.record.partnershipId);
    return partnership ? howToApplyText(partnership) : '';
  }
}

/** The prompts a recordIncidents batch raised (the intake hands them over as its follow-up). */
@Resolver(() => RecordIncidentsPayload)
export class RecordIncidentsPromptsResolver {
  @FieldResolver(() => [ReviewPrompt], {
    // One prompt at most per reporter of the batch and partnership: a batch's rows bound it (an agency in
    // several partnerships could raise more; their answer is cut there, and reviewPrompts lists them all).
    complexity: boundedList(MAX_BATCH),
    description: 'Prompts this batch raised, for the recording agency (none when a prompt for the same reporter and partnership is still open).',
  })
  prompts(@Root() payload: RecordIncidentsPayload): ReviewPrompt[] {
    return Array.isArray(payload.followUp) ? payload.followUp.filter((p): p is ReviewPrompt => p instanceof ReviewPrompt).slice(0, MAX_BATCH) : [];
  }
}
