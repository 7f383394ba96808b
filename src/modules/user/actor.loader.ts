import type { Actor } from '../../common/actor';
import type { AgencyKind } from '../agency/agency-kind';
import type { RequestDb } from '../../database/request-db';
import { Role } from './role';

type ActorRow = {
  id: string;
  email: string;
  agency_id: string;
  agency_kind: AgencyKind;
  roles: Role[];
  partnership_ids: string[];
  lead_partnership_ids: string[];
};

/** The caller named by a token's subject, with what they may act for: their agency's partnerships and those it leads. */
const ACTOR_SQL = `SELECT u.id, u.email, u.agency_id, (SELECT a.kind::text FROM agency a WHERE a.id = u.agency_id) AS agency_kind, u.roles::text[] AS roles,
         ARRAY(SELECT pa.partnership_id FROM partnership_agency pa WHERE pa.agency_id = u.agency_id) AS partnership_ids,
         ARRAY(SELECT p.id FROM partnership p WHERE p.lead_agency_id = u.agency_id) AS lead_partnership_ids
    FROM app_user u
   WHERE u.email = $1 AND (u.email LIKE '%.hub.invalid') = $2`;

/**
 * Loads the caller named by a token's subject in the request's first statement,
 * which also opens the request's transaction as them (RequestDb.openAs: the
 * caller and the role hub_app for row-level security). Null when no user has
 * that email. `system` loads one of the hub's own system users (the online
 * application form's, online-application.actor.ts) and nobody else: a token
 * never names one, nor any other of the hub's system users (every address at
 * `*.hub.invalid`: the retention schedule's, data-protection/retention.job.ts).
 */
export async function loadActor(db: RequestDb, email: string, opts: { system?: boolean } = {}): Promise<Actor | null> {
  const row = await db.openAs<ActorRow>(ACTOR_SQL, [email, !!opts.system]);
  if (!row) return null;
  return {
    userId: row.id,
    email: row.email,
    agencyId: row.agency_id,
    agencyKind: row.agency_kind,
    roles: new Set(row.roles),
    partnershipIds: row.partnership_ids,
    leadPartnershipIds: row.lead_partnership_ids,
  };
}
