import type { RequestDb } from '../database/request-db';
import { createAgencyLoaders } from '../modules/agency/agency.loaders';
import { createCaseReviewLoaders } from '../modules/case-review/case-review.loaders';
import { createContactLoaders } from '../modules/contact/contact.loaders';
import { createRetentionPolicyLoaders } from '../modules/data-protection/data-protection.loaders';
import { createIncidentLoaders } from '../modules/incident/incident.loaders';
import { createInformationRequestLoaders } from '../modules/information-request/information-request.loaders';
import { createInvolvementLoaders } from '../modules/involvement/involvement.loaders';
import { createLetterLoaders } from '../modules/letter/letter.loaders';
import { createPanelLoaders } from '../modules/panel/panel.loaders';
import { createPartnershipLoaders } from '../modules/partnership/partnership.loaders';
import { createPersonLoaders } from '../modules/person/person.loaders';
import { createRecommendationLoaders } from '../modules/recommendation/recommendation.loaders';
import { createReviewPromptLoaders } from '../modules/review-prompt/review-prompt.loaders';
import { createRiskAssessmentLoaders } from '../modules/risk-assessment/risk-assessment.loaders';
import { createUserLoaders } from '../modules/user/user.loaders';

/** Every DataLoader of one request, all reading through that request's transaction. */
export function createLoaders(db: RequestDb) {
  // Some loaders hand what their statement also read to others (a case's incidents and reporters, the users who acted).
  const incidents = createIncidentLoaders(db);
  const persons = createPersonLoaders(db);
  const users = createUserLoaders(db);
  return {
    agencies: createAgencyLoaders(db),
    cases: createCaseReviewLoaders(db, { incidents, persons, users }),
    contacts: createContactLoaders(db),
    incidents,
    informationRequests: createInformationRequestLoaders(db, users),
    involvement: createInvolvementLoaders(db),
    letters: createLetterLoaders(db),
    panels: createPanelLoaders(db, users),
    partnerships: createPartnershipLoaders(db),
    persons,
    recommendations: createRecommendationLoaders(db, users),
    retentionPolicies: createRetentionPolicyLoaders(db),
    reviewPrompts: createReviewPromptLoaders(db),
    riskAssessments: createRiskAssessmentLoaders(db),
    users,
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
