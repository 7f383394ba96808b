import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf, type HubContext } from '../../graphql/context';
import { User } from '../user/user.entity';
import { CaseReview, Consent } from './case-review.types';

@Resolver(() => Consent)
export class ConsentResolver {
  @Mutation(() => CaseReview, {
    description:
      "A second CST officer (not the submitter) confirms consent on an application awaiting it (the victim withdrew consent on an earlier case). Not awaiting: INVALID_STATE; the submitter: FORBIDDEN.",
  })
  confirmConsent(@Arg('caseId', () => ID) caseId: string, @Arg('note') note: string, @Ctx() ctx: HubContext): Promise<CaseReview> {
    return ctx.services.consent.confirm(actorOf(ctx), caseId, note);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The second CST officer who confirmed consent that awaited confirmation.' })
  confirmedBy(@Root() consent: Consent, @Ctx() ctx: HubContext): Promise<User | null> {
    return ctx.services.consent.confirmedBy(consent);
  }
}
