import type { DataSource } from 'typeorm';
import { AgencyKind } from '../agency/agency-kind';
import { Agency } from '../agency/agency.entity';
import { Role } from './role';
import { User } from './user.entity';

const ADMIN_AGENCY_CODE = 'HUB-ADMINISTRATION';

/**
 * Creates the first administrator (in an agency of its own) when the hub has no
 * user at all. An advisory lock keeps two instances starting together from both
 * doing it. Returns whether it created one.
 */
export async function ensureBootstrapAdmin(dataSource: DataSource, email: string): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    await manager.query("SELECT pg_advisory_xact_lock(hashtext('asb-hub:bootstrap-admin'))");
    if ((await manager.count(User)) > 0) return false;
    let agency = await manager.findOneBy(Agency, { code: ADMIN_AGENCY_CODE });
    agency ??= await manager.save(
      manager.create(Agency, { code: ADMIN_AGENCY_CODE, name: 'Hub administration', kind: AgencyKind.OTHER }),
    );
    await manager.save(
      manager.create(User, { email: email.toLowerCase(), displayName: 'Hub administrator', agencyId: agency.id, roles: [Role.ADMIN] }),
    );
    return true;
  });
}
