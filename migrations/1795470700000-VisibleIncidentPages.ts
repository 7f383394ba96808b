import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written (functions). hub_visible_incidents answered a page and the total
 * together, from one SQL function with every filter written as "parameter IS
 * NULL OR ...": PostgreSQL planned that once for all callers and filters, so
 * it read every visible record to count them and sort them, even for a page
 * of 100 that asked for no total (two seconds at 200,000 incidents). Now the
 * page and the count are two functions, and the page is built as its own SQL
 * for the filters given, so an agency's page walks the (agency_id,
 * reported_at, id) index backwards and stops after the page. Who sees which
 * records is the same rule as before: their agency's, for contributors and
 * responders, and those linked to cases they see in full, whatever the
 * consent (shown redacted).
 */

/** The two sources of visible records, with the filters given; $n as in the functions' USING lists. */
const SOURCES = `
  -- $1 agency filter, $2 category, $3 from, $4 to, $5/$6 after (reported_at, id), $7 limit, $8 own agency, $9 CST partnerships, $10 panel cases
  own := CASE WHEN direct AND my_agency IS NOT NULL
    THEN 'SELECT i.id, i.reported_at FROM incident i WHERE i.agency_id = $8 ' || filters END;
  linked := CASE WHEN cardinality(cst) > 0 OR cardinality(panel) > 0
    THEN 'SELECT i.id, i.reported_at FROM incident i WHERE i.id IN (SELECT ci.incident_id FROM case_incident ci JOIN case_review c ON c.id = ci.case_id
            WHERE c.partnership_id = ANY ($9) OR c.id = ANY ($10)) ' || filters END;`;

const DECLARE = `
  my_agency uuid := hub_agency_id();
  direct boolean := hub_has_role('CONTRIBUTOR') OR hub_has_role('RESPONDER');
  cst uuid[] := hub_cst_partnership_ids();
  panel uuid[] := hub_panel_case_ids();
  filters text;
  own text;
  linked text;`;

const FILTERS = (withCursor: boolean) => `
  filters := concat_ws(' ',
    CASE WHEN f_agency IS NOT NULL THEN 'AND i.agency_id = $1' END,
    CASE WHEN f_category IS NOT NULL THEN 'AND i.category::text = $2' END,
    CASE WHEN f_from IS NOT NULL THEN 'AND i.reported_at >= $3' END,
    CASE WHEN f_to IS NOT NULL THEN 'AND i.reported_at <= $4' END
    ${withCursor ? `, CASE WHEN after_at IS NOT NULL THEN 'AND (i.reported_at, i.id) < ($5, $6)' END` : ''});`;

const ORDER = `ORDER BY i.reported_at DESC, i.id DESC LIMIT $7`;

export class VisibleIncidentPages1795470700000 implements MigrationInterface {
  name = 'VisibleIncidentPages1795470700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION hub_visible_incident_page(f_agency uuid, f_category text, f_from timestamptz, f_to timestamptz, after_at timestamptz, after_id uuid, lim int)
      RETURNS TABLE (id uuid, reported_at timestamptz) LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE ${DECLARE}
      BEGIN
        ${FILTERS(true)}
        ${SOURCES}
        IF own IS NULL AND linked IS NULL THEN RETURN; END IF;
        -- Each source stops after its own page; the page is the newest of both.
        RETURN QUERY EXECUTE 'SELECT u.id, u.reported_at FROM (' ||
            concat_ws(' UNION ', '(' || own || ' ${ORDER})', '(' || linked || ' ${ORDER})') ||
          ') u ORDER BY u.reported_at DESC, u.id DESC LIMIT $7'
          USING f_agency, f_category, f_from, f_to, after_at, after_id, lim, my_agency, cst, panel;
      END $$`);
    await q.query(`CREATE FUNCTION hub_visible_incident_count(f_agency uuid, f_category text, f_from timestamptz, f_to timestamptz)
      RETURNS bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE ${DECLARE}
        total bigint;
      BEGIN
        ${FILTERS(false)}
        ${SOURCES}
        IF own IS NULL AND linked IS NULL THEN RETURN 0; END IF;
        EXECUTE 'SELECT count(*) FROM (' || concat_ws(' UNION ', own, linked) || ') u'
          INTO total USING f_agency, f_category, f_from, f_to, NULL::timestamptz, NULL::uuid, NULL::int, my_agency, cst, panel;
        RETURN total;
      END $$`);
    for (const fn of ['hub_visible_incident_page(uuid, text, timestamptz, timestamptz, timestamptz, uuid, int)', 'hub_visible_incident_count(uuid, text, timestamptz, timestamptz)']) {
      await q.query(`ALTER FUNCTION ${fn} OWNER TO hub_security`);
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO hub_app`);
    }
    // hub_visible_incidents is no longer called; it stays so that RowLevelSecurity's down() still finds it.
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION hub_visible_incident_count(uuid, text, timestamptz, timestamptz)`);
    await q.query(`DROP FUNCTION hub_visible_incident_page(uuid, text, timestamptz, timestamptz, timestamptz, uuid, int)`);
  }
}
