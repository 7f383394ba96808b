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
 *    A person whose prompt in the partnership is still open is skipped early.
 * 3. hub_review_prompt_figures: how many victims were told (prompts marked explained,
 *    counted once per person record), per period; an aggregate with no row leaving it.
 */

const MATCHES = `CREATE FUNCTION hub_review_prompt_matches(ids uuid[])
  RETURNS TABLE (incident_id uuid, partnership_id uuid, kind text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH own AS (
    SELECT i.id, i.reporter_id, (i.reported_at AT TIME ZONE 'Europe/London')::date AS on_date,
           p.name_key, p.date_of_birth, p.postcode_key
      FROM incident i JOIN person p ON p.id = i.reporter_id
     WHERE i.id = ANY (ids) AND i.agency_id = hub_agency_id() AND hub_has_role('CONTRIBUTOR')
  ),
  scope AS (
    SELECT o.*, pt.id AS pid, pt.threshold_rules AS rules,
           (o.on_date - make_interval(months => greatest(6,
              (SELECT max((r->>'windowMonths')::int) FROM jsonb_array_elements(pt.threshold_rules) r))))::date AS since
      FROM own o
      JOIN partnership_agency mine ON mine.agency_id = hub_agency_id()
      JOIN partnership pt ON pt.id = mine.partnership_id
     WHERE NOT EXISTS (SELECT 1 FROM review_prompt rp
                        WHERE rp.partnership_id = pt.id AND rp.person_id = o.reporter_id AND rp.explained_at IS NULL)
  ),
  reports AS (
    SELECT s.id AS x_id, s.pid, s.on_date, i.id AS report_id,
           (i.reported_at AT TIME ZONE 'Europe/London')::date AS reported,
           (i.occurred_at AT TIME ZONE 'Europe/London')::date AS occurred,
           i.category::text AS category
      FROM scope s
      JOIN partnership_agency pa ON pa.partnership_id = s.pid
      JOIN person r ON r.agency_id = pa.agency_id AND r.name_key = s.name_key
                   AND (r.date_of_birth = s.date_of_birth OR r.postcode_key = s.postcode_key)
      JOIN incident i ON i.reporter_id = r.id AND i.agency_id = pa.agency_id
     WHERE i.reported_at >= (s.since::timestamp AT TIME ZONE 'Europe/London')
       AND i.reported_at < ((s.on_date + 1)::timestamp AT TIME ZONE 'Europe/London')
    UNION
    -- This report itself, also when its reporter gave neither date of birth nor postcode.
    SELECT s.id, s.pid, s.on_date, i.id, s.on_date, (i.occurred_at AT TIME ZONE 'Europe/London')::date, i.category::text
      FROM scope s JOIN incident i ON i.id = s.id
  ),
  second AS (
    SELECT x_id, pid FROM reports
     WHERE reported >= (on_date - interval '6 months')::date
     GROUP BY x_id, pid HAVING count(*) >= 2
  ),
  likely AS (
    SELECT DISTINCT rp.x_id, rp.pid
      FROM scope s
     CROSS JOIN LATERAL jsonb_array_elements(s.rules) WITH ORDINALITY AS ru(rule, n)
      JOIN reports rp ON rp.x_id = s.id AND rp.pid = s.pid
     WHERE (ru.rule->>'minDistinctReporters')::int <= 1
       AND rp.reported >= (s.on_date - make_interval(months => (ru.rule->>'windowMonths')::int))::date
       AND rp.reported <= (rp.occurred + make_interval(months => (ru.rule->>'reportWithinMonths')::int))::date
       AND (jsonb_array_length(ru.rule->'categories') = 0 OR (ru.rule->'categories') ? rp.category)
     GROUP BY rp.x_id, rp.pid, ru.n, ru.rule
    HAVING count(*) >= (ru.rule->>'minReports')::int
  )
  SELECT s.id, s.pid, CASE WHEN l.x_id IS NOT NULL THEN 'THRESHOLD_LIKELY' ELSE 'SECOND_REPORT' END
    FROM scope s
    LEFT JOIN likely l ON l.x_id = s.id AND l.pid = s.pid
    LEFT JOIN second c ON c.x_id = s.id AND c.pid = s.pid
   WHERE l.x_id IS NOT NULL OR c.x_id IS NOT NULL
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
    // Figures count explained prompts by date.
    await q.query(`CREATE INDEX review_prompt_partnership_explained ON review_prompt (partnership_id, explained_at) WHERE explained_at IS NOT NULL`);
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
    await q.query(`DROP INDEX review_prompt_partnership_explained`);
    await q.query(`DROP POLICY review_prompt_hub_app ON review_prompt`);
    await q.query(`DROP POLICY review_prompt_owner ON review_prompt`);
    await q.query(`ALTER TABLE review_prompt NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE review_prompt DISABLE ROW LEVEL SECURITY`);
    await q.query(`GRANT DELETE, TRUNCATE ON review_prompt TO hub_app`);
  }
}
