import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written (TypeORM does not manage functions). Two security functions
 * nothing calls any more, in code, policy or other function:
 * - hub_visible_incidents: replaced by hub_visible_incident_page and
 *   hub_visible_incident_count (VisibleIncidentPages), which kept it only so
 *   that RowLevelSecurity's down() would find it; this down() brings it back
 *   for that.
 * - hub_access_log_head: hub_append_access_log reads the chain's head itself,
 *   under its lock (AccessLogLanes).
 * down() recreates both as they were: owner hub_security, executable by
 * hub_app and hub_security only.
 */
const DEAD: { signature: string; create: string }[] = [
  {
    signature: 'hub_visible_incidents(uuid, text, timestamptz, timestamptz, timestamptz, uuid, int)',
    create: `CREATE FUNCTION hub_visible_incidents(f_agency uuid, f_category text, f_from timestamptz, f_to timestamptz, after_at timestamptz, after_id uuid, lim int)
      RETURNS TABLE (id uuid, reported_at timestamptz, total bigint)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$ WITH scope AS (
         SELECT hub_agency_id() AS agency, (hub_has_role('CONTRIBUTOR') OR hub_has_role('RESPONDER')) AS direct,
                hub_cst_partnership_ids() AS cst, hub_panel_case_ids() AS panel),
       visible AS NOT MATERIALIZED (
         SELECT i.id, i.reported_at FROM incident i, scope s
          WHERE ((s.direct AND i.agency_id = s.agency)
                 OR EXISTS (SELECT 1 FROM case_incident ci JOIN case_review c ON c.id = ci.case_id
                             WHERE ci.incident_id = i.id AND (c.partnership_id = ANY (s.cst) OR c.id = ANY (s.panel))))
            AND (f_agency IS NULL OR i.agency_id = f_agency)
            AND (f_category IS NULL OR i.category::text = f_category)
            AND (f_from IS NULL OR i.reported_at >= f_from)
            AND (f_to IS NULL OR i.reported_at <= f_to))
       SELECT NULL::uuid, NULL::timestamptz, (SELECT count(*) FROM visible)
       UNION ALL
       (SELECT v.id, v.reported_at, NULL::bigint FROM visible v
         WHERE after_at IS NULL OR (v.reported_at, v.id) < (after_at, after_id)
         ORDER BY v.reported_at DESC, v.id DESC
         LIMIT lim) $$`,
  },
  {
    signature: 'hub_access_log_head()',
    create: `CREATE FUNCTION hub_access_log_head() RETURNS TABLE (last_id bigint, last_hash text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$ SELECT coalesce(max(id), 0), coalesce((SELECT hash FROM access_log ORDER BY id DESC LIMIT 1), '') FROM access_log $$`,
  },
];

export class DropDeadFunctions1795482000000 implements MigrationInterface {
  name = 'DropDeadFunctions1795482000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const { signature } of DEAD) await q.query(`DROP FUNCTION ${signature}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const { signature, create } of DEAD) {
      await q.query(create);
      await q.query(`ALTER FUNCTION ${signature} OWNER TO hub_security`);
      await q.query(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${signature} TO hub_app, hub_security`);
    }
  }
}
