import type { RequestDb } from '../database/request-db';
import { createAgencyLoaders } from '../modules/agency/agency.loaders';
import { createIncidentLoaders } from '../modules/incident/incident.loaders';
import { createPartnershipLoaders } from '../modules/partnership/partnership.loaders';
import { createPersonLoaders } from '../modules/person/person.loaders';
import { createUserLoaders } from '../modules/user/user.loaders';

/** Every DataLoader of one request, all reading through that request's transaction. */
export function createLoaders(db: RequestDb) {
  return {
    agencies: createAgencyLoaders(db),
    incidents: createIncidentLoaders(db),
    persons: createPersonLoaders(db),
    partnerships: createPartnershipLoaders(db),
    users: createUserLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
