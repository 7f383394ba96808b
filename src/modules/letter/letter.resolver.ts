import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { boundedList, textCost } from '../../common/cost';
import { actorOf, type HubContext } from '../../graphql/context';
import { CaseReview } from '../case-review/case-review.types';
import { Partnership } from '../partnership/partnership.entity';
import { LetterKind } from './letter-kind';
import { MAX_LETTERHEAD } from './letter.service';
import { Letter, LetterTemplate } from './letter.types';

/** CaseReview.letter: resolved here, where letters are drafted. */
@Resolver(() => CaseReview)
export class CaseReviewLetterResolver {
  @FieldResolver(() => Letter, { description: 'The letter of that kind as it would be sent now (CST_OFFICER of the partnership).' })
  letter(@Root() view: CaseReview, @Arg('kind', () => LetterKind) kind: LetterKind, @Ctx() ctx: HubContext): Promise<Letter> {
    return ctx.services.letters.draft(actorOf(ctx), view, kind);
  }
}

/** A partnership's letter templates and letterhead: resolved here, where they are kept. */
@Resolver(() => Partnership)
export class PartnershipLettersResolver {
  @FieldResolver(() => [LetterTemplate], { complexity: boundedList(Object.keys(LetterKind).length), description: 'The wording of each kind of letter.' })
  letterTemplates(@Root() partnership: Partnership, @Ctx() ctx: HubContext): Promise<LetterTemplate[]> {
    return ctx.services.letters.templates(partnership);
  }

  @FieldResolver(() => String, { complexity: textCost(MAX_LETTERHEAD), description: "The lines under the partnership's name at the top of its letters (address, phone, email)." })
  letterhead(@Root() partnership: Partnership, @Ctx() ctx: HubContext): Promise<string> {
    return ctx.services.letters.letterhead(partnership);
  }

  @Mutation(() => LetterTemplate, { description: "CST_OFFICER of the partnership: the wording of one kind of letter (a Mustache template of its placeholders); null goes back to the hub's default." })
  setLetterTemplate(
    @Arg('partnershipId', () => ID) partnershipId: string,
    @Arg('kind', () => LetterKind) kind: LetterKind,
    @Ctx() ctx: HubContext,
    @Arg('text', () => String, { nullable: true }) text?: string | null,
  ): Promise<LetterTemplate> {
    return ctx.services.letters.setTemplate(actorOf(ctx), partnershipId, kind, text);
  }

  @Mutation(() => Partnership, { description: "CST_OFFICER of the partnership: the letterhead's lines (address, phone, email) under the partnership's name." })
  async setLetterhead(@Arg('partnershipId', () => ID) partnershipId: string, @Arg('text') text: string, @Ctx() ctx: HubContext): Promise<Partnership> {
    await ctx.services.letters.setLetterhead(actorOf(ctx), partnershipId, text);
    return ctx.services.partnerships.get(actorOf(ctx), partnershipId, 'partnershipId');
  }
}
