import type { Actor } from '../common/actor';
import { CommonErrors } from '../common/errors';
import type { Logger } from '../common/logger';
import { RequestDb } from '../database/request-db';
import { AccessLogService } from '../modules/access-log/access-log.service';
import { AgencyService } from '../modules/agency/agency.service';
import { CaseReviewService } from '../modules/case-review/case-review.service';
import { CaseIncidentViews } from '../modules/case-review/case-review.incidents';
import { CaseReviewViews } from '../modules/case-review/case-review.views';
import { CaseSteps } from '../modules/case-review/case-steps';
import { ConsentService } from '../modules/case-review/consent.service';
import { ContactService } from '../modules/contact/contact.service';
import { ErasureService } from '../modules/data-protection/erasure.service';
import { RetentionPolicyService } from '../modules/data-protection/retention-policy.service';
import { SubjectAccessService } from '../modules/data-protection/subject-access.service';
import { IncidentService } from '../modules/incident/incident.service';
import { InformationRequestService } from '../modules/information-request/information-request.service';
import { InvolvementService } from '../modules/involvement/involvement.service';
import { LetterService } from '../modules/letter/letter.service';
import { MilestoneService } from '../modules/milestone/milestone.service';
import { PanelService } from '../modules/panel/panel.service';
import { PanelPackService } from '../modules/panel-pack/panel-pack.service';
import { PartnershipService } from '../modules/partnership/partnership.service';
import { PersonService } from '../modules/person/person.service';
import { RecommendationService } from '../modules/recommendation/recommendation.service';
import { ReviewPromptService } from '../modules/review-prompt/review-prompt.service';
import { RiskAssessmentService } from '../modules/risk-assessment/risk-assessment.service';
import { StatisticsService } from '../modules/statistics/statistics.service';
import { UserService } from '../modules/user/user.service';
import { createLoaders, type Loaders } from './loaders';
import type { DataSource } from 'typeorm';

/** Everything one GraphQL request works with. Built fresh for every request. */
export type HubContext = {
  actor: Actor | null;
  db: RequestDb;
  loaders: Loaders;
  services: Services;
  log: Logger;
  requestId: string;
};

export function createContext(dataSource: DataSource, log: Logger, requestId: string): HubContext {
  const db = new RequestDb(dataSource);
  const loaders = createLoaders(db);
  return { actor: null, db, loaders, services: createServices(db, loaders), log, requestId };
}

/**
 * The composition root: the request's services, each built with exactly what it
 * uses (the request's database, its loaders, the services or small modules it
 * calls), in dependency order, so every dependency between modules shows in a
 * constructor and an import. Each method takes the acting user first.
 */
export function createServices(db: RequestDb, loaders: Loaders) {
  const agencies = new AgencyService(db, loaders);
  const partnerships = new PartnershipService(db, loaders, agencies);
  const people = new PersonService(db);
  // The case step engine: the one way a case changes, shared by the modules whose work moves a case on.
  const caseSteps = new CaseSteps(db, loaders.cases);
  const caseViews = new CaseReviewViews(db, loaders);
  const caseIncidents = new CaseIncidentViews(db, loaders);
  const recommendations = new RecommendationService(db, loaders, caseSteps);
  const reviewPrompts = new ReviewPromptService(db, loaders);
  // Each intake is followed by the prompts at a repeat report (review-prompt depends on incident, not the reverse).
  const incidents = new IncidentService(db, loaders, people, (actor, incidentId) => caseViews.caseThrough(actor, incidentId), (manager, ids) => reviewPrompts.raise(manager, ids));
  const informationRequests = new InformationRequestService(db, loaders, caseSteps);
  const riskAssessments = new RiskAssessmentService(db, loaders, caseSteps, caseViews);
  const accessLog = new AccessLogService(db);
  const letters = new LetterService(db, loaders, caseViews, caseIncidents);
  // A contact may say it sent a letter; the letter module says whether the case can have that letter now.
  const contacts = new ContactService(db, loaders, caseSteps, caseViews, (record, kind, field) => letters.assertAvailable(record, kind, field));
  return {
    accessLog,
    agencies,
    caseIncidents,
    caseViews,
    contacts,
    cases: new CaseReviewService(db, loaders, caseSteps, caseViews, people),
    incidents,
    informationRequests,
    involvement: new InvolvementService(db, loaders, caseSteps, caseViews),
    letters,
    // Other reasons a case is overdue are handed in as OverdueSources: a late risk reassessment (risk-assessment module).
    milestones: new MilestoneService(db, loaders, [
      async (partnershipId, today) =>
        (await riskAssessments.lateReassessments([partnershipId], today)).map((c) => ({ caseId: c.id, dueOn: c.riskReviewDueOn! })),
    ]),
    consent: new ConsentService(db, loaders, caseSteps, caseViews),
    erasure: new ErasureService(db, loaders),
    panels: new PanelService(loaders, caseSteps, caseViews, recommendations, partnerships),
    // The pack reads every part of a case through the services behind its fields.
    panelPacks: new PanelPackService(db, loaders, { caseViews, caseIncidents, incidents, informationRequests, contacts, riskAssessments }),
    partnerships,
    recommendations,
    retentionPolicies: new RetentionPolicyService(db, loaders),
    reviewPrompts,
    riskAssessments,
    statistics: new StatisticsService(db, partnerships),
    subjectAccess: new SubjectAccessService(db, loaders, accessLog),
    users: new UserService(db, loaders, agencies),
  };
}

export type Services = ReturnType<typeof createServices>;

/** The signed-in caller; shield has already refused anonymous calls, this keeps resolvers honest. */
export function actorOf(ctx: HubContext): Actor {
  if (!ctx.actor) throw CommonErrors.UNAUTHENTICATED();
  return ctx.actor;
}
