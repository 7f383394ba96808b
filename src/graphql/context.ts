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
import { IncidentService } from '../modules/incident/incident.service';
import { InformationRequestService } from '../modules/information-request/information-request.service';
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
  const recommendations = new RecommendationService(db, loaders, caseSteps);
  const reviewPrompts = new ReviewPromptService(db, loaders);
  const caseIncidents = new CaseIncidentViews(db, loaders);
  // Each intake is followed by the prompts at a repeat report (review-prompt depends on incident, not the reverse).
  const incidents = new IncidentService(db, loaders, people, (actor, incidentId) => caseViews.caseThrough(actor, incidentId), (manager, ids) => reviewPrompts.raise(manager, ids));
  const informationRequests = new InformationRequestService(db, loaders, caseSteps);
  const riskAssessments = new RiskAssessmentService(db, loaders, caseSteps, caseViews);
  return {
    accessLog: new AccessLogService(db),
    agencies,
    caseIncidents,
    caseViews,
    cases: new CaseReviewService(db, loaders, caseSteps, caseViews, people),
    incidents,
    informationRequests,
    consent: new ConsentService(db, loaders, caseSteps, caseViews),
    panels: new PanelService(loaders, caseSteps, caseViews, recommendations, partnerships),
    // The pack reads every part of a case through the services behind its fields.
    panelPacks: new PanelPackService(loaders, { caseViews, caseIncidents, incidents, people, informationRequests, riskAssessments }),
    partnerships,
    people,
    recommendations,
    reviewPrompts,
    riskAssessments,
    statistics: new StatisticsService(db, partnerships),
    users: new UserService(db, loaders, agencies),
  };
}

export type Services = ReturnType<typeof createServices>;

/** The signed-in caller; shield has already refused anonymous calls, this keeps resolvers honest. */
export function actorOf(ctx: HubContext): Actor {
  if (!ctx.actor) throw CommonErrors.UNAUTHENTICATED();
  return ctx.actor;
}
