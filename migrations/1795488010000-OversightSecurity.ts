import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written (TypeORM does not manage functions).
 *
 * hub_case_review_return: every figure of a partnership's yearly return
 * (contract-next.graphql, PeriodReturn) but victimsToldAtSecondReport (counted
 * by hub_review_prompt_figures, next to the prompts it counts), in one place.
 * It replaces hub_case_review_figures, whose four statutory figures it keeps
 * exactly: the figures of caseReviewStatistics, the statistics CSV, the return
 * and the public figures page are one computation, so they cannot disagree.
 *
 * It reads every application of the partnership, so it runs as hub_security
 * (like the function it replaces); only counts and a median leave it, never a
 * row, an id or a date of one case. The published return is public, so it is
 * no secret from any caller: the API decides who may ask (StatisticsPolicy).
 *
 * Every figure counts applications RECEIVED in the period (their Europe/London
 * date), whatever happened to them later, as the statutory figures do:
 * - received, not_met (threshold decided not met), reviewed (threshold met and
 *   the first panel recorded its findings: a case review carried out), with_recs
 *   (of those, the first panel made a recommendation): as before;
 * - by_channel: applications by the channel they came by, {"PHONE": 2, ...};
 * - on_behalf: applications made by someone other than the victim;
 * - independent_chair: reviews carried out whose panel had an independent chair;
 * - victim_attended: reviews carried out whose victim's involvement (kept up to
 *   date by the CST, KeepingVictimInformed) says they attend the panel: one of
 *   `attends`, the attendances the involvement module counts as being there
 *   (in person, online), passed in so that list is kept in one place;
 * - recs_made: recommendations made by the case's panels (the review's and a
 *   secondary review's); recs_accepted: of those, accepted (ACCEPTED, or
 *   COMPLETED, which only an accepted one can become); recs_declined: DECLINED;
 *   recs_completed: COMPLETED;
 * - secondary: applications whose applicant asked for a secondary review;
 * - median_days: over the reviews carried out whose outcome letter was sent, the
 *   median of the working days from receipt to the first outcome letter (a
 *   secondary review's later letter overwrites outcome_sent_at; the first one's
 *   date is then the earliest OUTCOME_SENT event's, whose note markOutcomeSent
 *   writes as the letter's ISO timestamp). Working days are England and Wales'
 *   (bank holidays from the maintained library the application uses): the
 *   caller passes, for each calendar date from day_zero on, how many working
 *   days follow day_zero up to that date, so the days between two dates are the
 *   difference of their entries (day 1 the first working day after receipt, as
 *   responseDueOn counts them); a date outside the list counts no letter.
 */

const RETURN_SIGNATURE = 'hub_case_review_return(uuid, text[], date[], date[], date, int[], text[])';

const RETURN = `CREATE FUNCTION hub_case_review_return(for_partnership uuid, labels text[], starts date[], ends date[], day_zero date, working_days_to int[], attends text[])
  RETURNS TABLE (label text, start text, "end" text, received int, not_met int, reviewed int, with_recs int, by_channel jsonb,
                 on_behalf int, independent_chair int, victim_attended int, recs_made int, recs_accepted int, recs_declined int, recs_completed int,
                 secondary int, median_days float8)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH period AS (
    -- Each period's bounds as instants once, so the join with the cases compares timestamps (and can use the
    -- partnership's (received_at) index) instead of converting time zones for every pair.
    SELECT x.label, x.start, x.end_date, x.n,
           x.start::timestamp AT TIME ZONE 'Europe/London' AS from_at,
           (x.end_date + 1)::timestamp AT TIME ZONE 'Europe/London' AS until_at
      FROM unnest(labels, starts, ends) WITH ORDINALITY AS x(label, start, end_date, n)
  ),
  -- The recommendations of the partnership's cases in the periods, per case, in one grouped pass.
  recs AS MATERIALIZED (
    SELECT r.case_id, count(*) AS made,
           count(*) FILTER (WHERE r.status IN ('ACCEPTED', 'COMPLETED')) AS accepted,
           count(*) FILTER (WHERE r.status = 'DECLINED') AS declined,
           count(*) FILTER (WHERE r.status = 'COMPLETED') AS completed,
           bool_or(pn.round = 1) AS by_first_panel
      FROM case_review c
      JOIN recommendation r ON r.case_id = c.id
      JOIN panel pn ON pn.id = r.panel_id
     WHERE c.partnership_id = for_partnership
       AND c.received_at >= (SELECT min(from_at) FROM period) AND c.received_at < (SELECT max(until_at) FROM period)
     GROUP BY r.case_id
  ),
  application AS MATERIALIZED (
    SELECT p.n, c.channel::text AS channel,
           c.relationship <> 'SELF' AS on_behalf,
           c.threshold_met IS FALSE AS not_met,
           coalesce(c.threshold_met AND first_panel.reviewed_at IS NOT NULL, false) AS reviewed,
           coalesce(rec.by_first_panel, false) AS with_recs,
           coalesce(first_panel.independent_chair, false) AS independent_chair,
           coalesce(involvement.attendance::text = ANY (attends), false) AS victim_attended,
           c.secondary_review_requested_at IS NOT NULL AS secondary,
           coalesce(rec.made, 0) AS recs_made, coalesce(rec.accepted, 0) AS recs_accepted,
           coalesce(rec.declined, 0) AS recs_declined, coalesce(rec.completed, 0) AS recs_completed,
           working_days_to[(letter.on_date - day_zero) + 1]
             - working_days_to[((c.received_at AT TIME ZONE 'Europe/London')::date - day_zero) + 1] AS days_to_outcome
      FROM period p
      JOIN case_review c ON c.partnership_id = for_partnership AND c.received_at >= p.from_at AND c.received_at < p.until_at
      LEFT JOIN panel first_panel ON first_panel.case_id = c.id AND first_panel.round = 1
      LEFT JOIN victim_involvement involvement ON involvement.case_id = c.id
      LEFT JOIN recs rec ON rec.case_id = c.id
      LEFT JOIN LATERAL (
        SELECT (CASE WHEN c.secondary_review_requested_at IS NULL OR c.outcome_sent_at <= c.secondary_review_requested_at THEN c.outcome_sent_at
                     ELSE (SELECT min(CASE WHEN e.note ~ '^\\d{4}-\\d{2}-\\d{2}T' THEN e.note::timestamptz END) FROM case_event e
                            WHERE e.case_id = c.id AND e.type = 'OUTCOME_SENT')
                END AT TIME ZONE 'Europe/London')::date AS on_date) letter ON true
  )
  SELECT p.label, p.start::text, p.end_date::text,
         count(a.n)::int,
         count(*) FILTER (WHERE a.not_met)::int,
         count(*) FILTER (WHERE a.reviewed)::int,
         count(*) FILTER (WHERE a.reviewed AND a.with_recs)::int,
         (SELECT coalesce(jsonb_object_agg(ch.channel, ch.k), '{}') FROM (
            SELECT a2.channel, count(*) AS k FROM application a2 WHERE a2.n = p.n GROUP BY a2.channel) ch),
         count(*) FILTER (WHERE a.on_behalf)::int,
         count(*) FILTER (WHERE a.reviewed AND a.independent_chair)::int,
         count(*) FILTER (WHERE a.reviewed AND a.victim_attended)::int,
         coalesce(sum(a.recs_made), 0)::int,
         coalesce(sum(a.recs_accepted), 0)::int,
         coalesce(sum(a.recs_declined), 0)::int,
         coalesce(sum(a.recs_completed), 0)::int,
         count(*) FILTER (WHERE a.secondary)::int,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY a.days_to_outcome) FILTER (WHERE a.reviewed)
    FROM period p
    LEFT JOIN application a ON a.n = p.n
   GROUP BY p.n, p.label, p.start, p.end_date
   ORDER BY p.n
$$`;

/** hub_case_review_figures as the RowLevelSecurity migration made it, for down(). */
const FIGURES_SIGNATURE = 'hub_case_review_figures(uuid, text[], date[], date[])';
const FIGURES = `CREATE FUNCTION hub_case_review_figures(for_partnership uuid, labels text[], starts date[], ends date[])
  RETURNS TABLE (label text, start text, "end" text, received int, not_met int, reviewed int, with_recs int)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$ SELECT x.label, x.start::text, x.end_date::text,
              count(c.id)::int,
              count(c.id) FILTER (WHERE c.threshold_met = false)::int,
              count(c.id) FILTER (WHERE c.threshold_met AND f.reviewed)::int,
              count(c.id) FILTER (WHERE c.threshold_met AND f.reviewed AND f.with_recs)::int
         FROM unnest(labels, starts, ends) WITH ORDINALITY AS x(label, start, end_date, n)
         LEFT JOIN case_review c
           ON c.partnership_id = for_partnership
          AND c.received_at >= (x.start::timestamp AT TIME ZONE 'Europe/London')
          AND c.received_at < ((x.end_date + 1)::timestamp AT TIME ZONE 'Europe/London')
         LEFT JOIN LATERAL (
           SELECT pn.reviewed_at IS NOT NULL AS reviewed, EXISTS (SELECT 1 FROM recommendation r WHERE r.panel_id = pn.id) AS with_recs
             FROM panel pn WHERE pn.case_id = c.id AND pn.round = 1) f ON true
        GROUP BY x.n, x.label, x.start, x.end_date
        ORDER BY x.n $$`;

export class OversightSecurity1795488010000 implements MigrationInterface {
  name = 'OversightSecurity1795488010000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(RETURN);
    await q.query(`ALTER FUNCTION ${RETURN_SIGNATURE} OWNER TO hub_security`);
    await q.query(`REVOKE ALL ON FUNCTION ${RETURN_SIGNATURE} FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION ${RETURN_SIGNATURE} TO hub_app, hub_security`);
    await q.query(`DROP FUNCTION ${FIGURES_SIGNATURE}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(FIGURES);
    await q.query(`ALTER FUNCTION ${FIGURES_SIGNATURE} OWNER TO hub_security`);
    await q.query(`DROP FUNCTION ${RETURN_SIGNATURE}`);
  }
}
