import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { AccessLogEntry } from '../access-log/access-log.types';
import { CaseReview } from './case-review.types';

/** AccessLogEntry.case: resolved here, where the cases are (type-graphql merges it into AccessLogEntry). */
@Resolver(() => AccessLogEntry)
export class AccessLogEntryCaseResolver {
  @FieldResolver(() => CaseReview, {
    nullable: true,
    description: 'The case the record was seen through: its id, reference and status only (auditors see no case data).',
  })
  async case(@Root() entry: AccessLogEntry, @Ctx() ctx: HubContext): Promise<CaseReview | null> {
    if (!entry.caseId) return null;
    return ctx.services.caseViews.auditView(entry.caseId);
  }
}
