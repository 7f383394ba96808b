import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { DateTimeScalar } from '../common/scalars';
import { AccessLogResolver } from '../modules/access-log/access-log.resolver';
import { AgencyResolver } from '../modules/agency/agency.resolver';
import { AccessLogEntryCaseResolver } from '../modules/case-review/case-review.audit.resolver';
import { CaseReviewResolver } from '../modules/case-review/case-review.resolver';
import { ConsentResolver } from '../modules/case-review/consent.resolver';
import { CaseReviewContactsResolver, ContactResolver } from '../modules/contact/contact.resolver';
import { PartnershipRetentionResolver, SubjectAccessResolver } from '../modules/data-protection/data-protection.resolver';
import { IncidentResolver, RecordIncidentsPayloadResolver } from '../modules/incident/incident.resolver';
import { CaseReviewInformationRequestsResolver, InformationRequestResolver } from '../modules/information-request/information-request.resolver';
import { CaseReviewInvolvementResolver, InvolvementResolver } from '../modules/involvement/involvement.resolver';
import { CaseReviewLetterResolver, PartnershipLettersResolver } from '../modules/letter/letter.resolver';
import { CaseReviewMilestonesResolver, InvolvementUpdatesResolver } from '../modules/milestone/milestone.resolver';
import { CaseReviewPanelResolver, PanelResolver } from '../modules/panel/panel.resolver';
import { CaseReviewPanelPackResolver, ChronologyEntryResolver, PanelPackResolver } from '../modules/panel-pack/panel-pack.resolver';
import { PartnershipResolver } from '../modules/partnership/partnership.resolver';
import { PersonResolver } from '../modules/person/person.resolver';
import { CaseReviewRecommendationsResolver, RecommendationResolver } from '../modules/recommendation/recommendation.resolver';
import { RecordIncidentsPromptsResolver, ReviewPromptResolver } from '../modules/review-prompt/review-prompt.resolver';
import { CaseReviewRiskResolver, PartnershipRiskResolver, RiskAssessmentResolver } from '../modules/risk-assessment/risk-assessment.resolver';
import { StatisticsResolver } from '../modules/statistics/statistics.resolver';
import { UserResolver } from '../modules/user/user.resolver';
import { applyPermissions } from './permissions';
import { countResponseSize } from './response-size';
import { validateArgument } from './validation';

export const RESOLVERS = [
  AccessLogResolver,
  AccessLogEntryCaseResolver,
  AgencyResolver,
  CaseReviewResolver,
  CaseReviewContactsResolver,
  CaseReviewInformationRequestsResolver,
  CaseReviewInvolvementResolver,
  CaseReviewLetterResolver,
  CaseReviewMilestonesResolver,
  CaseReviewPanelResolver,
  CaseReviewRecommendationsResolver,
  ConsentResolver,
  ContactResolver,
  IncidentResolver,
  RecordIncidentsPayloadResolver,
  InformationRequestResolver,
  InvolvementResolver,
  InvolvementUpdatesResolver,
  PanelResolver,
  CaseReviewPanelPackResolver,
  PanelPackResolver,
  ChronologyEntryResolver,
  PartnershipLettersResolver,
  PartnershipResolver,
  PartnershipRetentionResolver,
  PersonResolver,
  RecommendationResolver,
  ReviewPromptResolver,
  RecordIncidentsPromptsResolver,
  RiskAssessmentResolver,
  CaseReviewRiskResolver,
  PartnershipRiskResolver,
  StatisticsResolver,
  SubjectAccessResolver,
  UserResolver,
] as const;

/** The executable schema: type-graphql's build with the permission gate applied, each field counting the answer's size. */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [...RESOLVERS],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validateFn: validateArgument,
    emitSchemaFile: false,
  });
  return countResponseSize(applyPermissions(schema));
}

/** The SDL committed as schema/schema.graphql: sorted, so that it diffs cleanly. */
export function printHubSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema)).trim()}\n`;
}
