import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { Role } from './role';

type ActorRow = {
  id: string;
  email: string;
  agency_id: string;
  roles: Role[];
  partnership_ids: string[];
  lead_partnership_ids: string[];
};

/**
 * Loads the caller named by a token's subject, with what they may act for, in
 * one statement that also names them as the transaction's caller and switches
 * the transaction to the role hub_app (both SET LOCAL, via set_config(..., true)):
 * from here on row-level security filters every statement of the request.
 * It also has the request's named statements (prepared-statements.ts) run on
 * their generic plans: planning a statement with its policies costs more than
 * running it, and the benchmark's EXPLAIN check keeps those plans free of
 * sequential scans of growing tables. `system` loads one of the hub's own
 * system users (online-application.actor.ts) and nobody else.
 */
export async function loadActor(manager: EntityManager, email: string, opts: { system?: boolean } = {}): Promise<Actor | null> {
  const rows: ActorRow[] = await manager.query(
    `SELECT u.id, u.email, u.agency_id, u.roles::text[] AS roles,
            ARRAY(SELECT pa.partnership_id FROM partnership_agency pa WHERE pa.agency_id = u.agency_id) AS partnership_ids,
            ARRAY(SELECT p.id FROM partnership p WHERE p.lead_agency_id = u.agency_id) AS lead_partnership_ids,
            set_config('hub.user_id', u.id::text, true) AS caller,
            set_config('role', 'hub_app', true) AS db_role,
            set_config('plan_cache_mode', 'force_generic_plan', true) AS plans
       FROM app_user u
      WHERE u.email = $1 AND (u.email LIKE '%@online-applications.hub.invalid') = $2`,
    // A token never names one of the hub's own system users (the online application form's); only the form's handler does.
    [email, !!opts.system],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    userId: row.id,
    email: row.email,
    agencyId: row.agency_id,
    roles: new Set(row.roles),
    partnershipIds: row.partnership_ids,
    leadPartnershipIds: row.lead_partnership_ids,
  };
}
