import type { RequestDb } from '../database/request-db';
import { createAgencyLoaders } from '../modules/agency/agency.loaders';
import { createCaseReviewLoaders } from '../modules/case-review/case-review.loaders';
import { createIncidentLoaders } from '../modules/incident/incident.loaders';
import { createInformationRequestLoaders } from '../modules/information-request/information-request.loaders';
import { createPanelLoaders } from '../modules/panel/panel.loaders';
import { createPartnershipLoaders } from '../modules/partnership/partnership.loaders';
import { createPersonLoaders } from '../modules/person/person.loaders';
import { createRecommendationLoaders } from '../modules/recommendation/recommendation.loaders';
import { createUserLoaders } from '../modules/user/user.loaders';

/** Every DataLoader of one request, all reading through that request's transaction. */
export function createLoaders(db: RequestDb) {
  return {
    agencies: createAgencyLoaders(db),
    cases: createCaseReviewLoaders(db),
    incidents: createIncidentLoaders(db),
    informationRequests: createInformationRequestLoaders(db),
    panels: createPanelLoaders(db),
    partnerships: createPartnershipLoaders(db),
    persons: createPersonLoaders(db),
    recommendations: createRecommendationLoaders(db),
    users: createUserLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
