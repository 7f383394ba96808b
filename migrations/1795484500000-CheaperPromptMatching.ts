import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written (a function). hub_review_prompt_matches answers what it answered
 * (ReviewPromptSecurity says what and why), with about a quarter less work per
 * batch of 1000, where M1 spent it (EXPLAIN ANALYZE on the bench's data):
 *
 * - The threshold rules' per-report conditions (reported within n months of
 *   occurring, the rule's categories) are decided once per report and rule, in
 *   `rule_history`, not again for every report of the batch.
 * - Whether a rule holds is found by a hash join of the batch with those reports
 *   (`likely`), not by an EXISTS over a CTE per row (which the plan answered by
 *   scanning the CTE for each of the 1000 rows), and not evaluated twice (the old
 *   `verdict` was inlined into both the WHERE and the CASE).
 * - The strongest kind per report and partnership is one DISTINCT ON.
 *
 * The test suites of review prompts (window edges, rules, categories) hold
 * unchanged; the bench's rows came out identical before and after.
 */

const NEW_BODY = `CREATE OR REPLACE FUNCTION hub_review_prompt_matches(ids uuid[])
  RETURNS TABLE (incident_id uuid, partnership_id uuid, kind text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH me AS MATERIALIZED (
    SELECT hub_agency_id() AS agency_id WHERE hub_has_role('CONTRIBUTOR')
  ),
  own AS MATERIALIZED (
    SELECT i.id, i.reporter_id, (i.reported_at AT TIME ZONE 'Europe/London')::date AS on_date
      FROM me JOIN incident i ON i.agency_id = me.agency_id
     WHERE i.id = ANY (ids)
  ),
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
  matched AS MATERIALIZED (
    SELECT pp.person_id, pp.pid, r.id AS match_id, pp.since, pp.until
      FROM people pp
      JOIN partnership_agency pa ON pa.partnership_id = pp.pid
      JOIN person r ON r.agency_id = pa.agency_id AND r.name_key = pp.name_key
                   AND (r.id = pp.person_id OR r.date_of_birth = pp.date_of_birth OR r.postcode_key = pp.postcode_key)
  ),
  reports AS MATERIALIZED (
    SELECT DISTINCT m.person_id, m.pid, i.id,
           (i.reported_at AT TIME ZONE 'Europe/London')::date AS reported,
           (i.occurred_at AT TIME ZONE 'Europe/London')::date AS occurred,
           i.category::text AS category
      FROM matched m
      JOIN incident i ON i.reporter_id = m.match_id
     WHERE i.reported_at >= (m.since::timestamp AT TIME ZONE 'Europe/London')
       AND i.reported_at < ((m.until + 1)::timestamp AT TIME ZONE 'Europe/London')
  ),
  rules AS MATERIALIZED (
    SELECT DISTINCT pp.pid, ru.n AS rule_no, (ru.rule->>'minReports')::int AS min_reports, (ru.rule->>'windowMonths')::int AS window_months,
           (ru.rule->>'reportWithinMonths')::int AS within_months,
           ARRAY(SELECT jsonb_array_elements_text(ru.rule->'categories')) AS categories
      FROM people pp CROSS JOIN LATERAL jsonb_array_elements(pp.rules) WITH ORDINALITY AS ru(rule, n)
     WHERE (ru.rule->>'minDistinctReporters')::int <= 1
  ),
  history AS MATERIALIZED (
    SELECT person_id, pid, array_agg(reported) AS reported FROM reports GROUP BY person_id, pid
  ),
  rule_history AS MATERIALIZED (
    SELECT r.person_id, r.pid, ru.rule_no, ru.min_reports, ru.window_months, array_agg(r.reported) AS reported
      FROM reports r JOIN rules ru ON ru.pid = r.pid
     WHERE r.reported <= (r.occurred + make_interval(months => ru.within_months))::date
       AND (cardinality(ru.categories) = 0 OR r.category = ANY (ru.categories))
     GROUP BY r.person_id, r.pid, ru.rule_no, ru.min_reports, ru.window_months
    HAVING count(*) >= ru.min_reports
  ),
  -- The batch's reports for which a rule of the partnership would hold, were an application made on their date.
  likely AS MATERIALIZED (
    SELECT DISTINCT o.id, rh.pid
      FROM own o JOIN rule_history rh ON rh.person_id = o.reporter_id
     WHERE (SELECT count(*) FROM unnest(rh.reported) AS r(reported)
             WHERE r.reported <= o.on_date
               AND r.reported >= (o.on_date - make_interval(months => rh.window_months))::date) >= rh.min_reports
  )
  -- Per report and partnership the strongest kind: a likely threshold, else a second report (this
  -- report and at least one other in the six calendar months up to its date).
  SELECT DISTINCT ON (v.incident_id, v.pid) v.incident_id, v.pid, v.kind
    FROM (SELECT l.id AS incident_id, l.pid, 'THRESHOLD_LIKELY' AS kind FROM likely l
          UNION ALL
          SELECT o.id, h.pid, 'SECOND_REPORT'
            FROM own o JOIN history h ON h.person_id = o.reporter_id
           WHERE (SELECT count(*) FROM unnest(h.reported) AS r(reported)
                   WHERE r.reported <= o.on_date AND r.reported >= (o.on_date - interval '6 months')::date) >= 2) v
   ORDER BY v.incident_id, v.pid, v.kind = 'THRESHOLD_LIKELY' DESC
$$`;

const OLD_BODY = `CREATE OR REPLACE FUNCTION hub_review_prompt_matches(ids uuid[])
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

export class CheaperPromptMatching1795484500000 implements MigrationInterface {
  name = 'CheaperPromptMatching1795484500000';

  public async up(q: QueryRunner): Promise<void> {
    // CREATE OR REPLACE keeps the owner (hub_security) and the grants.
    await q.query(NEW_BODY);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(OLD_BODY);
  }
}
