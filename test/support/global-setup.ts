import 'reflect-metadata';
import Redis from 'ioredis';
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
  // The rate limits' Redis store is tested too where Redis answers (REDIS_URL, or the usual 127.0.0.1:6379; CI runs one).
  process.env.HUB_TEST_REDIS = (await redisAnswers(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')) ? '1' : '0';
  if (process.env.HUB_TEST_REDIS === '0') console.warn('\nRedis does not answer: the rate limits are tested on PostgreSQL only');
}

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
