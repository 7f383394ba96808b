import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { boundedList, textCost } from '../../common/cost';
import { actorOf, type HubContext } from '../../graphql/context';
import { CaseReview } from '../case-review/case-review.types';
import { User } from '../user/user.entity';
import { discloseContactSummary } from './contact.service';
import { Contact, ContactInput, MAX_CASE_CONTACTS, MAX_CONTACT_SUMMARY } from './contact.types';

@Resolver(() => Contact)
export class ContactResolver {
  @Mutation(() => CaseReview, { description: 'CST_OFFICER of the partnership: a contact with the applicant or victim, in any status. A letter meets its milestone.' })
  recordContact(@Arg('caseId', () => ID) caseId: string, @Arg('contact', () => ContactInput) contact: ContactInput, @Ctx() ctx: HubContext): Promise<CaseReview> {
    return ctx.services.contacts.record(actorOf(ctx), caseId, contact);
  }

  @FieldResolver(() => String, { complexity: textCost(MAX_CONTACT_SUMMARY) })
  summary(@Root() contact: Contact, @Ctx() ctx: HubContext): string {
    return discloseContactSummary(contact, ctx.db.accessLog);
  }

  @FieldResolver(() => User)
  by(@Root() contact: Contact, @Ctx() ctx: HubContext): Promise<User | null> {
    return ctx.loaders.users.byId.load(contact.record.byId);
  }
}

/** CaseReview.contacts: resolved here, where the contacts are. */
@Resolver(() => CaseReview)
export class CaseReviewContactsResolver {
  @FieldResolver(() => [Contact], { complexity: boundedList(MAX_CASE_CONTACTS), description: 'Contacts with the applicant and victim, oldest first; empty for those who may not see them.' })
  contacts(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<Contact[]> {
    return ctx.services.contacts.forCase(view);
  }
}
