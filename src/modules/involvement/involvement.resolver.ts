import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { textCost } from '../../common/cost';
import { actorOf, type HubContext } from '../../graphql/context';
import { CaseReview } from '../case-review/case-review.types';
import { discloseInvolvement } from './involvement.service';
import { MAX_NOT_INVITED_REASON, MAX_STATEMENT, VictimInvolvement, VictimInvolvementInput } from './involvement.types';

@Resolver(() => VictimInvolvement)
export class InvolvementResolver {
  @Mutation(() => CaseReview, { description: 'CST_OFFICER of the partnership, while the case is open: replaces the victim\'s involvement. NOT_INVITED needs notInvitedReason.' })
  setVictimInvolvement(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('involvement', () => VictimInvolvementInput) involvement: VictimInvolvementInput,
    @Ctx() ctx: HubContext,
  ): Promise<CaseReview> {
    return ctx.services.involvement.set(actorOf(ctx), caseId, involvement);
  }

  @FieldResolver(() => String, { nullable: true, complexity: textCost(MAX_NOT_INVITED_REASON), description: 'Why the victim was not invited, when attendance is NOT_INVITED.' })
  notInvitedReason(@Root() involvement: VictimInvolvement, @Ctx() ctx: HubContext): string | null {
    return discloseInvolvement(involvement, 'notInvitedReason', ctx.db.accessLog);
  }

  @FieldResolver(() => String, { nullable: true, complexity: textCost(MAX_STATEMENT), description: "The victim's own account for the panel." })
  statement(@Root() involvement: VictimInvolvement, @Ctx() ctx: HubContext): string | null {
    return discloseInvolvement(involvement, 'statement', ctx.db.accessLog);
  }
}

/** CaseReview.involvement: resolved here, where the involvement is. */
@Resolver(() => CaseReview)
export class CaseReviewInvolvementResolver {
  @FieldResolver(() => VictimInvolvement, { nullable: true, description: 'Null until recorded, and for those who may not see it.' })
  involvement(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<VictimInvolvement | null> {
    return ctx.services.involvement.forCase(view);
  }
}
