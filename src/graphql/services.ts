import type { Logger } from '../common/logger';
import type { RequestDb } from '../database/request-db';
import { AgencyService } from '../modules/agency/agency.service';
import { IncidentService } from '../modules/incident/incident.service';
import { PartnershipService } from '../modules/partnership/partnership.service';
import { UserService } from '../modules/user/user.service';
import type { Loaders } from './loaders';

/** What a service works with: the request's database, its loaders and the other services. */
export type ServiceDeps = { db: RequestDb; loaders: Loaders; services: Services; log: Logger };

/** The request's services; each method takes the acting user first. */
export function createServices(db: RequestDb, loaders: Loaders, log: Logger) {
  const deps = { db, loaders, log } as ServiceDeps;
  const services = {
    agencies: new AgencyService(deps),
    incidents: new IncidentService(deps),
    partnerships: new PartnershipService(deps),
    users: new UserService(deps),
  };
  deps.services = services;
  return services;
}

export type Services = ReturnType<typeof createServices>;
