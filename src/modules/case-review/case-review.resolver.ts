import { boundedList, pageCost } from '../../common/cost';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { actorOf, type HubContext } from '../../graphql/context';
import { Incident } from '../incident/incident.types';
import { Partnership } from '../partnership/partnership.entity';
import { Person } from '../person/person.types';
import { ApplicationInput, CaseReviewFilter, MAX_REPORTED_INCIDENTS } from './case-review.inputs';
import { CaseReviewPolicy } from './case-review.policy';
import { ApplicantRelationship, Channel } from './case-review.enums';
import {
  CaseEvent,
  CaseReview,
  CaseReviewConnection,
  Consent,
  MAX_CANDIDATES,
  MAX_CASE_EVENTS,
  MAX_CASE_INCIDENTS,
  ReportedIncident,
  ThresholdDecision,
  ThresholdSuggestion,
} from './case-review.types';

const VERSION = { nullable: true, description: 'When given, the step is refused with CONFLICT unless the case is at this version.' };

@Resolver(() => CaseReview)
export class CaseReviewResolver {
  // ---------------------------------------------------------------- queries

  @Query(() => CaseReview, { description: 'NOT_FOUND when absent or not visible to the caller.' })
  caseReview(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<CaseReview> {
    return ctx.services.caseViews.get(actorOf(ctx), id);
  }

  @Query(() => CaseReviewConnection, { complexity: pageCost(20) })
  caseReviews(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => CaseReviewFilter, { nullable: true }) filter?: CaseReviewFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<CaseReviewConnection> {
    return ctx.services.caseViews.list(actorOf(ctx), filter, first ?? 20, after);
  }

  // ---------------------------------------------------------------- CST steps

  @Mutation(() => CaseReview)
  submitApplication(@Arg('input') input: ApplicationInput, @Ctx() ctx: HubContext): Promise<CaseReview> {
    return ctx.services.cases.submit(actorOf(ctx), input);
  }

  @Mutation(() => CaseReview)
  linkIncidents(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('incidentIds', () => [ID]) incidentIds: string[],
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, VERSION) expectedVersion?: number | null,
  ): Promise<CaseReview> {
    return ctx.services.cases.link(actorOf(ctx), caseId, incidentIds, expectedVersion);
  }

  @Mutation(() => CaseReview)
  unlinkIncidents(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('incidentIds', () => [ID]) incidentIds: string[],
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, VERSION) expectedVersion?: number | null,
  ): Promise<CaseReview> {
    return ctx.services.cases.unlink(actorOf(ctx), caseId, incidentIds, expectedVersion);
  }

  @Mutation(() => CaseReview, { description: 'Allowed in RECEIVED. met=false needs alternativeAction. -> IN_REVIEW or THRESHOLD_NOT_MET.' })
  decideThreshold(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('met', () => Boolean) met: boolean,
    @Arg('reason') reason: string,
    @Ctx() ctx: HubContext,
    @Arg('alternativeAction', () => String, { nullable: true }) alternativeAction?: string | null,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<CaseReview> {
    return ctx.services.cases.decideThreshold(actorOf(ctx), caseId, { met, reason, alternativeAction, expectedVersion });
  }

  @Mutation(() => CaseReview, { description: 'Records that the applicant was told of a delay past responseDueOn. Any status but CLOSED and WITHDRAWN.' })
  notifyDelay(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, VERSION) expectedVersion?: number | null,
  ): Promise<CaseReview> {
    return ctx.services.cases.notifyDelay(actorOf(ctx), caseId, reason, expectedVersion);
  }

  @Mutation(() => CaseReview, { description: 'Allowed in REVIEWED (after the first panel or the secondary one). -> OUTCOME_SENT' })
  markOutcomeSent(
    @Arg('caseId', () => ID) caseId: string,
    @Ctx() ctx: HubContext,
    @Arg('sentAt', () => Date, { nullable: true }) sentAt?: Date | null,
    @Arg('expectedVersion', () => Int, VERSION) expectedVersion?: number | null,
  ): Promise<CaseReview> {
    return ctx.services.cases.markOutcomeSent(actorOf(ctx), caseId, sentAt, expectedVersion);
  }

  @Mutation(() => CaseReview, {
    description: 'Allowed in THRESHOLD_NOT_MET or OUTCOME_SENT, once per case: the secondary review is the last step. -> SECONDARY_REVIEW',
  })
  requestSecondaryReview(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: HubContext,
    @Arg('requestedAt', () => Date, { nullable: true }) requestedAt?: Date | null,
    @Arg('expectedVersion', () => Int, VERSION) expectedVersion?: number | null,
  ): Promise<CaseReview> {
    return ctx.services.cases.requestSecondaryReview(actorOf(ctx), caseId, reason, requestedAt, expectedVersion);
  }

  @Mutation(() => CaseReview, { description: 'Allowed in THRESHOLD_NOT_MET or OUTCOME_SENT. -> CLOSED' })
  closeCase(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, VERSION) expectedVersion?: number | null,
  ): Promise<CaseReview> {
    return ctx.services.cases.close(actorOf(ctx), caseId, reason, expectedVersion);
  }

  @Mutation(() => CaseReview, { description: 'Allowed in RECEIVED, IN_REVIEW or PANEL_SCHEDULED. -> WITHDRAWN' })
  withdrawApplication(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, VERSION) expectedVersion?: number | null,
  ): Promise<CaseReview> {
    return ctx.services.cases.withdraw(actorOf(ctx), caseId, reason, expectedVersion);
  }

  @Mutation(() => CaseReview, {
    description: "The victim withdrew consent: other agencies' personal data on this case is redacted from now on. Any status; the status does not change.",
  })
  withdrawConsent(
    @Arg('caseId', () => ID) caseId: string,
    @Ctx() ctx: HubContext,
    @Arg('withdrawnAt', () => Date, { nullable: true }) withdrawnAt?: Date | null,
    @Arg('expectedVersion', () => Int, VERSION) expectedVersion?: number | null,
  ): Promise<CaseReview> {
    return ctx.services.cases.withdrawConsent(actorOf(ctx), caseId, withdrawnAt, expectedVersion);
  }

  // ---------------------------------------------------------------- fields
  // (panel, recommendations and informationRequests are resolved by their own modules.)

  @FieldResolver(() => Date)
  receivedAt(@Root() view: CaseReview): Date {
    CaseReviewPolicy.assertBeyondReference(view, 'receivedAt');
    return view.receivedAt;
  }

  @FieldResolver(() => Channel)
  channel(@Root() view: CaseReview): Channel {
    CaseReviewPolicy.assertBeyondReference(view, 'channel');
    return view.channel;
  }

  @FieldResolver(() => ApplicantRelationship)
  relationship(@Root() view: CaseReview): ApplicantRelationship {
    CaseReviewPolicy.assertBeyondReference(view, 'relationship');
    return view.relationship;
  }

  @FieldResolver(() => Int, { description: 'Starts at 1; +1 on every change.' })
  version(@Root() view: CaseReview): number {
    CaseReviewPolicy.assertBeyondReference(view, 'version');
    return view.version;
  }

  @FieldResolver(() => Partnership)
  partnership(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<Partnership | null> {
    CaseReviewPolicy.assertBeyondReference(view, 'partnership');
    return ctx.loaders.partnerships.byId.load(view.record.partnershipId);
  }

  @FieldResolver(() => Person, { nullable: true })
  applicant(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<Person | null> {
    return ctx.services.caseViews.person(view, 'applicant');
  }

  @FieldResolver(() => Person, { nullable: true })
  victim(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<Person | null> {
    return ctx.services.caseViews.person(view, 'victim');
  }

  @FieldResolver(() => Consent)
  consent(@Root() view: CaseReview, @Ctx() ctx: HubContext): Consent {
    return ctx.services.consent.of(view);
  }

  @FieldResolver(() => [ReportedIncident], { complexity: boundedList(MAX_REPORTED_INCIDENTS), description: 'What the applicant reported; empty for those who see only what is addressed to them.' })
  reportedIncidents(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<ReportedIncident[]> {
    return ctx.services.caseViews.reportedIncidents(view);
  }

  @FieldResolver(() => [Incident], { complexity: boundedList(MAX_CASE_INCIDENTS), description: 'Agency records linked to this case.' })
  incidents(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<Incident[]> {
    return ctx.services.caseIncidents.linkedIncidents(view);
  }

  @FieldResolver(() => [Incident], {
    complexity: boundedList(MAX_CANDIDATES),
    description:
      "Records of the partnership's agencies whose reporter is the victim (same\nnormalised name, and the same date of birth or postcode), not yet linked:\nhow the CST assembles the case. CST_OFFICER only, and empty while consent\nis not active.",
  })
  candidateIncidents(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<Incident[]> {
    return ctx.services.caseIncidents.candidates(actorOf(ctx), view);
  }

  @FieldResolver(() => ThresholdSuggestion)
  thresholdSuggestion(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<ThresholdSuggestion> {
    CaseReviewPolicy.assertBeyondReference(view, 'thresholdSuggestion');
    CaseReviewPolicy.assertNotSubjectExport(view, 'thresholdSuggestion');
    return ctx.services.caseIncidents.suggestion(view);
  }

  @FieldResolver(() => ThresholdDecision, { nullable: true })
  thresholdDecision(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<ThresholdDecision | null> {
    return ctx.services.caseViews.decision(view);
  }

  @FieldResolver(() => DateScalar, { description: "receivedAt's date plus partnership.responseWorkingDays working days (England and Wales)." })
  responseDueOn(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<string> {
    CaseReviewPolicy.assertBeyondReference(view, 'responseDueOn');
    return ctx.services.caseViews.responseDueOn(view);
  }

  @FieldResolver(() => DateScalar, { nullable: true, description: 'Request date plus partnership.responseWorkingDays working days; null until requested.' })
  secondaryReviewDueOn(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<string | null> {
    return ctx.services.caseViews.secondaryReviewDueOn(view);
  }

  @FieldResolver(() => [CaseEvent], { complexity: boundedList(MAX_CASE_EVENTS) })
  events(@Root() view: CaseReview, @Ctx() ctx: HubContext): Promise<CaseEvent[]> {
    return ctx.services.caseViews.events(view);
  }
}
