import type { DataSource, EntityManager } from 'typeorm';
import { londonToday } from '../../common/clock';
import { appendAccessLog } from '../access-log/access-log.buffer';
import type { HubTask } from '../../jobs/job-task';
import { Role } from '../user/role';
import { DataProtectionPolicy } from './data-protection.policy';
import type { ErasureResult } from './data-protection.types';
import { erasePastRetention, erasureCounts, erasureEntries, retentionDue, type ErasedRecord } from './erasure.sql';

/** The domain of the retention schedule's system users ("invalid" is reserved: RFC 2606); loadActor refuses every `*.hub.invalid` address to a token. */
export const RETENTION_EMAIL_DOMAIN = 'retention.hub.invalid';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The user the schedule acts as for a partnership: "Retention schedule (CODE)",
 * a system user of its lead agency holding ADMIN (retention is applied by
 * administrators), so its access-log entries name it and the partnership's
 * auditors read them. Made on first use, as the tables' owner.
 */
async function retentionUser(dataSource: DataSource, partnership: { code: string; lead_agency_id: string }): Promise<string> {
  const [{ id }]: { id: string }[] = await dataSource.query(
    `INSERT INTO app_user (email, display_name, agency_id, roles) VALUES ($1, $2, $3, $4::role[])
     ON CONFLICT (email) DO UPDATE SET agency_id = EXCLUDED.agency_id, roles = EXCLUDED.roles
     RETURNING id`,
    [`${partnership.code.toLowerCase()}@${RETENTION_EMAIL_DOMAIN}`, `Retention schedule (${partnership.code})`, partnership.lead_agency_id, [Role.ADMIN]],
  );
  return id;
}

/** Names the transaction's caller, for the erasing functions and the access log. */
async function actAs(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(`SELECT set_config('hub.user_id', $1, true)`, [userId]);
}

/**
 * Erases what is past its retention on `today` (a Europe/London date), for the
 * partnerships given or every partnership: one transaction per person, each
 * with its WRITE entries, so a run cut short leaves every person either erased
 * or untouched, and the next run (which asks the database again what is due)
 * erases the rest and nothing twice.
 */
export async function runRetention(dataSource: DataSource, opts: { partnershipIds?: readonly string[]; today?: string } = {}): Promise<ErasureResult> {
  const today = opts.today ?? londonToday();
  const partnerships: { id: string; code: string; lead_agency_id: string }[] = await dataSource.query(
    'SELECT id, code, lead_agency_id FROM partnership WHERE $1::uuid[] IS NULL OR id = ANY ($1::uuid[]) ORDER BY code',
    [opts.partnershipIds ? [...opts.partnershipIds] : null],
  );
  const erased: ErasedRecord[] = [];
  for (const partnership of partnerships) {
    const userId = await retentionUser(dataSource, partnership);
    const due = await dataSource.transaction(async (manager) => {
      await actAs(manager, userId);
      return retentionDue(manager, partnership.id, today);
    });
    for (const personId of due) {
      await dataSource.transaction(async (manager) => {
        await actAs(manager, userId);
        const records = await erasePastRetention(manager, partnership.id, personId, today);
        await appendAccessLog(manager, erasureEntries(records, DataProtectionPolicy.BASIS));
        erased.push(...records);
      });
    }
  }
  return erasureCounts(erased);
}

/** The daily retention run (DOMAIN.md: "a daily job erases what is past it"); `partnershipId` narrows a run added by hand. */
export const RETENTION_TASK: HubTask<{ partnershipId?: string }> = {
  name: 'data-protection-retention',
  // 02:30 in the hub's time zone, with a missed night made up at the next start.
  schedule: { pattern: '30 2 * * *', backfill: '1d' },
  run: async (payload, { dataSource, log }) => {
    const only = payload.partnershipId;
    if (only !== undefined && !(typeof only === 'string' && UUID.test(only))) throw new Error('retention: partnershipId must be a uuid');
    const result = await runRetention(dataSource, { partnershipIds: only ? [only] : undefined });
    // Counts only: never a name or an id of what was erased.
    log.info({ task: RETENTION_TASK.name, ...result }, 'retention applied');
  },
};
