import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written, like RowLevelSecurity (TypeORM does not generate policies or functions).
 *
 * 1. review_prompt is the recording agency's alone: hub_app sees and writes only
 *    its own agency's prompts, for its contributors and responders, and may not delete one (explained prompts are the
 *    yearly figure victimsToldAtSecondReport).
 * 2. hub_review_prompt_matches: the repeat-report matching of DOMAIN.md ("Telling
 *    victims at a repeat report"). It must read other agencies' incidents and
 *    reporters, which the caller may not, so it runs as hub_security and answers
 *    only (the caller's own incident, partnership, kind): nothing about which
 *    records matched, how many or what they say. It considers only incidents of the
 *    caller's agency, and only for a CONTRIBUTOR (the role that records them).
 *    A person is matched as candidateIncidents does: the same name key, and the
 *    same date of birth or postcode key. Dates are Europe/London calendar dates;
 *    `date - interval 'n months'` clamps to the month's last day as addCalendarMonths does.
 *    The threshold rule is the suggestion's (threshold.ts): the reports are all one
 *    person's, so a rule asking for several distinct reporters is never met by them.
 *    A person whose prompt in the partnership is still open is skipped early. The work
 *    is per reporter of the batch (not per row), in materialised steps, so the plan
 *    stays index probes from the batch's few people whatever the plan cache chooses.
 * 3. hub_review_prompt_figures: how many victims were told (prompts marked explained,
 *    counted once per person record), per period; an aggregate with no row leaving it.
 */

const MATCHES = `CREATE FUNCTION hub_review_prompt_matches(ids uuid[])
  RETURNS TABLE (incident_id uuid, partnership_id uuid, kind text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH me AS MATERIALIZED (
    -- The caller, once (not once per row).
    SELECT hub_agency_id() AS agency_id WHERE hub_has_role('CONTRIBUTOR')
  ),
  own AS MATERIALIZED (
    SELECT i.id, i.reporter_id, (i.reported_at AT TIME ZONE 'Europe/London')::date AS on_date
      FROM me JOIN incident i ON i.agency_id = me.agency_id
     WHERE i.id = ANY (ids)
  ),
  -- Each reporter of the batch once per partnership, with the span of dates its reports need.
  people AS MATERIALIZED (
    SELECT p.id AS person_id, p.name_key, p.date_of_birth, p.postcode_key, pt.id AS pid, pt.threshold_rules AS rules,
           (o.first_on - make_interval(months => greatest(6,
              (SELECT max((r->>'windowMonths')::int) FROM jsonb_array_elements(pt.threshold_rules) r))))::date AS since,
           o.last_on AS until
      FROM (SELECT reporter_id, min(on_date) AS first_on, max(on_date) AS last_on FROM own GROUP BY reporter_id) o
      JOIN person p ON p.id = o.reporter_id
      CROSS JOIN me
      JOIN partnership_agency mine ON mine.agency_id = me.agency_id
      JOIN partnership pt ON pt.id = mine.partnership_id
     WHERE NOT EXISTS (SELECT 1 FROM review_prompt rp
                        WHERE rp.partnership_id = pt.id AND rp.person_id = p.id AND rp.explained_at IS NULL)
  ),
  -- The same person's records at the partnership's agencies (and the reporter's own record, matched or not).
  matched AS MATERIALIZED (
    SELECT pp.person_id, pp.pid, r.id AS match_id, pp.since, pp.until
      FROM people pp
      JOIN partnership_agency pa ON pa.partnership_id = pp.pid
      JOIN person r ON r.agency_id = pa.agency_id AND r.name_key = pp.name_key
                   AND (r.id = pp.person_id OR r.date_of_birth = pp.date_of_birth OR r.postcode_key = pp.postcode_key)
  ),
  -- Each person's reports in the span, as arrays: the batch's rows then look at their person's few reports
  -- (a plan with no estimates for the batch still does a little work per row, never rows x rows).
  history AS MATERIALIZED (
    SELECT d.person_id, d.pid, array_agg(d.reported) AS reported, array_agg(d.occurred) AS occurred, array_agg(d.category) AS category
      FROM (SELECT DISTINCT m.person_id, m.pid, i.id,
                   (i.reported_at AT TIME ZONE 'Europe/London')::date AS reported,
                   (i.occurred_at AT TIME ZONE 'Europe/London')::date AS occurred,
                   i.category::text AS category
              FROM matched m
              JOIN incident i ON i.reporter_id = m.match_id
             WHERE i.reported_at >= (m.since::timestamp AT TIME ZONE 'Europe/London')
               AND i.reported_at < ((m.until + 1)::timestamp AT TIME ZONE 'Europe/London')) d
     GROUP BY d.person_id, d.pid
  ),
  people_history AS MATERIALIZED (
    SELECT pp.person_id, pp.pid, h.reported, h.occurred, h.category
      FROM people pp JOIN history h ON h.person_id = pp.person_id AND h.pid = pp.pid
  ),
  -- The partnerships' rules as columns, read out of their JSON once (not once per row of the batch).
  rules AS MATERIALIZED (
    SELECT DISTINCT pp.pid, (ru.rule->>'minReports')::int AS min_reports, (ru.rule->>'windowMonths')::int AS window_months,
           (ru.rule->>'reportWithinMonths')::int AS within_months,
           ARRAY(SELECT jsonb_array_elements_text(ru.rule->'categories')) AS categories
      FROM people pp CROSS JOIN LATERAL jsonb_array_elements(pp.rules) AS ru(rule)
     WHERE (ru.rule->>'minDistinctReporters')::int <= 1
  ),
  verdict AS (
    SELECT o.id AS x_id, ph.pid,
           -- This report and at least one other in the six calendar months up to its date.
           (SELECT count(*) FROM unnest(ph.reported) AS r(reported)
             WHERE r.reported <= o.on_date AND r.reported >= (o.on_date - interval '6 months')::date) >= 2 AS second,
           -- A rule of the partnership would hold for an application made on its date.
           EXISTS (SELECT 1 FROM rules ru
                    WHERE ru.pid = ph.pid
                      AND (SELECT count(*) FROM unnest(ph.reported, ph.occurred, ph.category) AS r(reported, occurred, category)
                            WHERE r.reported <= o.on_date
                              AND r.reported >= (o.on_date - make_interval(months => ru.window_months))::date
                              AND r.reported <= (r.occurred + make_interval(months => ru.within_months))::date
                              AND (cardinality(ru.categories) = 0 OR r.category = ANY (ru.categories))) >= ru.min_reports) AS likely
      FROM own o JOIN people_history ph ON ph.person_id = o.reporter_id
  )
  SELECT x_id, pid, CASE WHEN likely THEN 'THRESHOLD_LIKELY' ELSE 'SECOND_REPORT' END
    FROM verdict
   WHERE likely OR second
$$`;

const FIGURES = `CREATE FUNCTION hub_review_prompt_figures(for_partnership uuid, starts date[], ends date[])
  RETURNS TABLE (n bigint, told int)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT x.n, count(DISTINCT rp.person_id)::int
    FROM unnest(starts, ends) WITH ORDINALITY AS x(start, end_date, n)
    LEFT JOIN review_prompt rp
      ON rp.partnership_id = for_partnership
     AND rp.explained_at >= (x.start::timestamp AT TIME ZONE 'Europe/London')
     AND rp.explained_at < ((x.end_date + 1)::timestamp AT TIME ZONE 'Europe/London')
   GROUP BY x.n
   ORDER BY x.n
$$`;

const FUNCTIONS = ['hub_review_prompt_matches(uuid[])', 'hub_review_prompt_figures(uuid, date[], date[])'];

export class ReviewPromptSecurity1795484100000 implements MigrationInterface {
  name = 'ReviewPromptSecurity1795484100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE DELETE, TRUNCATE ON review_prompt FROM hub_app`);
    await q.query(`ALTER TABLE review_prompt ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE review_prompt FORCE ROW LEVEL SECURITY`);
    // The owner (migrations, tests' fixtures) keeps full access; hub_app is the one restricted.
    await q.query(`CREATE POLICY review_prompt_owner ON review_prompt TO CURRENT_USER USING (true) WITH CHECK (true)`);
    const own = `agency_id = (SELECT hub_agency_id()) AND ((SELECT hub_has_role('CONTRIBUTOR')) OR (SELECT hub_has_role('RESPONDER')))`;
    await q.query(`CREATE POLICY review_prompt_hub_app ON review_prompt FOR ALL TO hub_app USING (${own}) WITH CHECK (${own})`);
    await q.query(MATCHES);
    await q.query(FIGURES);
    for (const fn of FUNCTIONS) {
      await q.query(`ALTER FUNCTION ${fn} OWNER TO hub_security`);
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO hub_app, hub_security`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const fn of FUNCTIONS) await q.query(`DROP FUNCTION ${fn}`);
    await q.query(`DROP POLICY review_prompt_hub_app ON review_prompt`);
    await q.query(`DROP POLICY review_prompt_owner ON review_prompt`);
    await q.query(`ALTER TABLE review_prompt NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE review_prompt DISABLE ROW LEVEL SECURITY`);
    await q.query(`GRANT DELETE, TRUNCATE ON review_prompt TO hub_app`);
  }
}
