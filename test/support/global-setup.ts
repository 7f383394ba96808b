import 'reflect-metadata';
import { throwawayDatabase } from './throwaway-database';

declare global {
  // eslint-disable-next-line no-var
  var __HUB_TEST_DB__: { stop: () => Promise<void> } | undefined;
}

/** Starts a throwaway embedded PostgreSQL (or uses DATABASE_URL) and applies every migration once. */
export default async function globalSetup(): Promise<void> {
  const database = await throwawayDatabase('hub_test');
  globalThis.__HUB_TEST_DB__ = database;
  // Workers are started after this and inherit it.
  process.env.HUB_TEST_DATABASE_URL = database.url;
}
