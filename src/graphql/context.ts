import type { Actor } from '../common/actor';
import { CommonErrors } from '../common/errors';
import type { Logger } from '../common/logger';
import { RequestDb } from '../database/request-db';
import { createLoaders, type Loaders } from './loaders';
import { createServices, type Services } from './services';
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
  return { actor: null, db, loaders, services: createServices(db, loaders, log), log, requestId };
}

/** The signed-in caller; shield has already refused anonymous calls, this keeps resolvers honest. */
export function actorOf(ctx: HubContext): Actor {
  if (!ctx.actor) throw CommonErrors.UNAUTHENTICATED();
  return ctx.actor;
}
