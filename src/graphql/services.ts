import type { Logger } from '../common/logger';
import type { RequestDb } from '../database/request-db';
import { AccessLogService } from '../modules/access-log/access-log.service';
import { AgencyService } from '../modules/agency/agency.service';
import { CaseReviewService } from '../modules/case-review/case-review.service';
import { ConsentService } from '../modules/case-review/consent.service';
import { IncidentService } from '../modules/incident/incident.service';
import { InformationRequestService } from '../modules/information-request/information-request.service';
import { PanelService } from '../modules/panel/panel.service';
import { PartnershipService } from '../modules/partnership/partnership.service';
import { ReviewPromptService } from '../modules/review-prompt/review-prompt.service';
import { RecommendationService } from '../modules/recommendation/recommendation.service';
import { StatisticsService } from '../modules/statistics/statistics.service';
import { UserService } from '../modules/user/user.service';
import type { Loaders } from './loaders';

/** What a service works with: the request's database, its loaders and the other services. */
export type ServiceDeps = { db: RequestDb; loaders: Loaders; services: Services; log: Logger };

/** The request's services; each method takes the acting user first. */
export function createServices(db: RequestDb, loaders: Loaders, log: Logger) {
  const deps = { db, loaders, log } as ServiceDeps;
  const services = {
    accessLog: new AccessLogService(deps),
    agencies: new AgencyService(deps),
    cases: new CaseReviewService(deps),
    consent: new ConsentService(deps),
    incidents: new IncidentService(deps),
    informationRequests: new InformationRequestService(deps),
    panels: new PanelService(deps),
    partnerships: new PartnershipService(deps),
    recommendations: new RecommendationService(deps),
    reviewPrompts: new ReviewPromptService(deps),
    statistics: new StatisticsService(deps),
    users: new UserService(deps),
  };
  deps.services = services;
  return services;
}

export type Services = ReturnType<typeof createServices>;
