import type { DataSource } from 'typeorm';
import type { Logger } from '../common/logger';
import type { Mailer } from '../common/mailer';

/** What every job is given: the hub's own (owner) connection pool, a logger and the mailer. Features add what they need by closing over it. */
export type JobDeps = {
  /** Connected as the database owner: jobs are the hub's own work for the partnership, not a user's request. */
  dataSource: DataSource;
  log: Logger;
  /** SMTP_URL's, or the log when it is not set. */
  mailer: Mailer;
};

/**
 * A kind of background job. `run` must be idempotent: a job whose process died
 * part-way is run again from the start (see job-runner.ts), so it records what it
 * has done in the same transaction as doing it, and skips what is already done.
 */
export type HubTask<Payload = Record<string, unknown>> = {
  name: string;
  run: (payload: Payload, deps: JobDeps) => Promise<void>;
  /**
   * A crontab time pattern (minute hour day month weekday, in the hub's time zone:
   * UTC unless TZ is set) when the task also runs on a schedule. A schedule missed
   * while no hub was running is run once at the next start, if within `backfill`.
   */
  schedule?: { pattern: string; backfill?: '1h' | '1d' | '2d' | '7d' };
};
