import { boundedList, pageCost } from '../../common/cost';
import { MINE_DEFAULT } from '../../common/pagination';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { actorOf, type HubContext } from '../../graphql/context';
import { Agency } from '../agency/agency.entity';
import { CaseReview } from '../case-review/case-review.types';
import { InformationRequest, InformationResponse, MAX_CASE_INFORMATION_REQUESTS } from './information-request.types';

@Resolver(() => InformationRequest)
export class InformationRequestResolver {
  @Query(() => [InformationRequest], {
    complexity: pageCost(MINE_DEFAULT),
    description: "Information requests addressed to the caller's agency, earliest due first: the `first` (at most 100).",
  })
  myInformationRequests(
    @Ctx() ctx: HubContext,
    @Arg('open', () => Boolean, { nullable: true }) open?: boolean | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: MINE_DEFAULT }) first?: number | null,
  ): Promise<InformationRequest[]> {
    return ctx.services.informationRequests.mine(actorOf(ctx), open, first ?? MINE_DEFAULT);
  }

  @Mutation(() => InformationRequest, { description: 'Allowed in IN_REVIEW. The agency must belong to the partnership.' })
  requestInformation(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('agencyId', () => ID) agencyId: string,
    @Arg('question') question: string,
    @Arg('dueOn', () => DateScalar) dueOn: string,
    @Ctx() ctx: HubContext,
  ): Promise<InformationRequest> {
    return ctx.services.informationRequests.request(actorOf(ctx), caseId, agencyId, question, dueOn);
  }

  @Mutation(() => InformationRequest, {
    description: "incidentIds: the answering agency's own records it attaches; they are linked to the case (NOT_FOUND for any other record, and nothing changes).",
  })
  respondToInformationRequest(
    @Arg('requestId', () => ID) requestId: string,
    @Arg('summary') summary: string,
    @Arg('actionsTaken', () => [String]) actionsTaken: string[],
    @Ctx() ctx: HubContext,
    @Arg('incidentIds', () => [ID], { nullable: true }) incidentIds?: string[] | null,
  ): Promise<InformationRequest> {
    return ctx.services.informationRequests.respond(actorOf(ctx), requestId, summary, actionsTaken, incidentIds);
  }

  @FieldResolver(() => Agency)
  agency(@Root() request: InformationRequest, @Ctx() ctx: HubContext): Promise<Agency | null> {
    return ctx.loaders.agencies.byId.load(request.record.agencyId);
  }

  @FieldResolver(() => InformationResponse, { nullable: true })
  response(@Root() request: InformationRequest, @Ctx() ctx: HubContext): Promise<InformationResponse | null> {
    return ctx.services.informationRequests.response(request);
  }

  @FieldResolver(() => CaseReview, { description: "The case it belongs to: for the addressed agency, its reference and status (and the victim's name while consent is active)." })
  case(@Root() request: InformationRequest, @Ctx() ctx: HubContext): Promise<CaseReview> {
    return ctx.services.caseViews.viewThrough(actorOf(ctx), request.record.caseId);
  }
}

/** CaseReview.informationRequests: resolved here, where the requests are (type-graphql merges it into CaseReview). */
@Resolver(() => CaseReview)
export class CaseReviewInformationRequestsResolver {
  @FieldResolver(() => [InformationRequest], { complexity: boundedList(MAX_CASE_INFORMATION_REQUESTS) })
  informationRequests(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<InformationRequest[]> {
    return ctx.services.informationRequests.forCase(view);
  }
}
