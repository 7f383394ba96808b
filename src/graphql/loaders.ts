import type { RequestDb } from '../database/request-db';
import { createAgencyLoaders } from '../modules/agency/agency.loaders';
import { createPartnershipLoaders } from '../modules/partnership/partnership.loaders';
import { createUserLoaders } from '../modules/user/user.loaders';

/** Every DataLoader of one request, all reading through that request's transaction. */
export function createLoaders(db: RequestDb) {
  return {
    agencies: createAgencyLoaders(db),
    partnerships: createPartnershipLoaders(db),
    users: createUserLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
