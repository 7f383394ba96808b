import type { DataSource } from 'typeorm';
import type { Partnership } from '../partnership/partnership.entity';
import { Role } from '../user/role';

/** The domain of the hub's own system users ("invalid" is reserved: RFC 2606); no token ever names one (loadActor refuses it). */
export const SYSTEM_EMAIL_DOMAIN = 'online-applications.hub.invalid';

/** The email of a partnership's online application form, as a user of its lead agency. */
export const onlineFormEmail = (partnership: Pick<Partnership, 'code'>): string => `${partnership.code.toLowerCase()}@${SYSTEM_EMAIL_DOMAIN}`;

/**
 * An application made online is received by the partnership's CST; the form
 * acts as a system user of the lead agency with the CST_OFFICER role, so the
 * case-review service applies every rule it applies to an officer's entry,
 * row-level security lets it write exactly what an officer may, and the case's
 * RECEIVED event and access-log entries name "Online application form (CODE)".
 * The user is made on first use (as the tables' owner) and follows the
 * partnership if its lead agency changes.
 */
export async function ensureOnlineFormUser(dataSource: DataSource, partnership: Pick<Partnership, 'code' | 'leadAgencyId'>): Promise<string> {
  const email = onlineFormEmail(partnership);
  await dataSource.query(
    `INSERT INTO app_user (email, display_name, agency_id, roles) VALUES ($1, $2, $3, $4::role[])
     ON CONFLICT (email) DO UPDATE SET agency_id = EXCLUDED.agency_id, roles = EXCLUDED.roles
       WHERE app_user.agency_id IS DISTINCT FROM EXCLUDED.agency_id OR app_user.roles IS DISTINCT FROM EXCLUDED.roles`,
    [email, `Online application form (${partnership.code})`, partnership.leadAgencyId, [Role.CST_OFFICER]],
  );
  return email;
}
