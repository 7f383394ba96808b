import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written (TypeORM does not generate roles, functions or policies).
 *
 * The database as the second layer of who-sees-what (DOMAIN.md): every GraphQL
 * request's transaction switches to the role hub_app (set_config('role', ...,
 * true), with the caller in hub.user_id), and hub_app meets row-level security
 * on every table holding personal or case data. The policies use the
 * `(SELECT fn())` form so each helper runs once per statement, not per row.
 *
 * hub_security owns the helper functions that must read across those tables
 * (who sits on which panel, the access log's last hash, non-personal facts of
 * redacted records). It has BYPASSRLS and no login; its functions check the
 * caller themselves and return only what DOMAIN.md lets the caller know.
 *
 * Roles are cluster-wide: created when missing, never dropped by down().
 */

const RLS_TABLES = [
  'person',
  'incident',
  'incident_revision',
  'case_review',
  'case_incident',
  'case_event',
  'information_request',
  'panel',
  'panel_member',
  'recommendation',
  'access_log',
];

/** The case is one the caller sees in full: their partnership's CST, or a panel they sit on. */
const FULL_CASE = (caseId: string) =>
  `(${caseId} IN (SELECT c.id FROM case_review c WHERE c.partnership_id = ANY ((SELECT hub_cst_partnership_ids())::uuid[]))
    OR ${caseId} = ANY ((SELECT hub_panel_case_ids())::uuid[]))`;

/** Addressed to the caller's agency, and the caller answers for it. */
const ADDRESSED = `(agency_id = (SELECT hub_agency_id()) AND (SELECT hub_has_role('RESPONDER')))`;

export class RowLevelSecurity1795465500000 implements MigrationInterface {
  name = 'RowLevelSecurity1795465500000';

  public async up(q: QueryRunner): Promise<void> {
    for (const [role, options] of [
      ['hub_app', 'NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT'],
      ['hub_security', 'NOLOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT'],
    ]) {
      // Concurrent migrations of several databases on one server may race to create it.
      await q.query(`DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} ${options}; END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    }
    // The connecting role must be able to become hub_app for each request.
    await q.query(`GRANT hub_app TO CURRENT_USER`);

    await q.query(`GRANT USAGE ON SCHEMA public TO hub_app, hub_security`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO hub_app`);
    // The access log is append-only for the application: it appends through hub_append_access_log only.
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON access_log FROM hub_app`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE ON typeorm_migration FROM hub_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO hub_app`);
    await q.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO hub_security`);
    // Tables of later migrations get the same grants.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO hub_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO hub_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO hub_security`);

    // --- who is calling (from the transaction's settings and the hub's own records)
    await q.query(`CREATE FUNCTION hub_user_id() RETURNS uuid LANGUAGE sql STABLE
      AS $$ SELECT nullif(current_setting('hub.user_id', true), '')::uuid $$`);
    // name(params): the SQL signature; the parameter types alone name the function for ALTER.
    const definer = async (name: string, params: [string, string][], returns: string, body: string) => {
      await q.query(`CREATE FUNCTION ${name}(${params.map(([n, t]) => `${n} ${t}`).join(', ')}) RETURNS ${returns}
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$ ${body} $$`);
      await q.query(`ALTER FUNCTION ${name}(${params.map(([, t]) => t).join(', ')}) OWNER TO hub_security`);
    };
    await definer('hub_agency_id', [], 'uuid', `SELECT agency_id FROM app_user WHERE id = hub_user_id()`);
    await definer('hub_has_role', [['wanted', 'text']], 'boolean',
      `SELECT coalesce((SELECT wanted = ANY (roles::text[]) FROM app_user WHERE id = hub_user_id()), false)`);
    await definer('hub_cst_partnership_ids', [], 'uuid[]',
      `SELECT coalesce(array_agg(p.id), '{}') FROM app_user u JOIN partnership p ON p.lead_agency_id = u.agency_id
        WHERE u.id = hub_user_id() AND 'CST_OFFICER' = ANY (u.roles::text[])`);
    await definer('hub_panel_case_ids', [], 'uuid[]',
      `SELECT coalesce(array_agg(DISTINCT p.case_id), '{}') FROM panel_member m JOIN panel p ON p.id = m.panel_id
         JOIN app_user u ON u.id = m.user_id
        WHERE m.user_id = hub_user_id() AND 'PANEL_MEMBER' = ANY (u.roles::text[])`);
    await definer('hub_addressed_case_ids', [], 'uuid[]',
      `SELECT coalesce(array_agg(DISTINCT x.case_id), '{}') FROM (
          SELECT case_id, agency_id FROM information_request UNION ALL SELECT case_id, agency_id FROM recommendation) x
        JOIN app_user u ON u.agency_id = x.agency_id
        WHERE u.id = hub_user_id() AND 'RESPONDER' = ANY (u.roles::text[])`);
    // The chain's last entry (id and hash), which the appending caller may not read (only auditors read the log).
    await definer('hub_access_log_head', [], 'TABLE (last_id bigint, last_hash text)',
      `SELECT coalesce(max(id), 0), coalesce((SELECT hash FROM access_log ORDER BY id DESC LIMIT 1), '') FROM access_log`);
    // Non-personal facts of records the caller reaches through a case they see in full (any consent):
    // what a redacted Incident still shows (DOMAIN.md, "Consent").
    await definer('hub_incident_facts', [['ids', 'uuid[]']],
      'TABLE (id uuid, agency_id uuid, reference text, occurred_at timestamptz, reported_at timestamptz, category text, version int, reporter_id uuid)',
      `SELECT i.id, i.agency_id, i.reference, i.occurred_at, i.reported_at, i.category::text, i.version, i.reporter_id
         FROM incident i
        WHERE i.id = ANY (ids)
          AND (i.agency_id = hub_agency_id()
               OR EXISTS (SELECT 1 FROM case_incident ci JOIN case_review c ON c.id = ci.case_id
                           WHERE ci.incident_id = i.id
                             AND (c.partnership_id = ANY (hub_cst_partnership_ids()) OR c.id = ANY (hub_panel_case_ids()))))`);
    // For auditors reading the access log: a case's reference and status, no case data.
    await definer('hub_case_references', [['ids', 'uuid[]']],
      `TABLE (id uuid, partnership_id uuid, reference text, status text, received_at timestamptz, channel text, relationship text,
              consent_given_at timestamptz, consent_channel text, consent_withdrawn_at timestamptz, version int)`,
      `SELECT c.id, c.partnership_id, c.reference, c.status::text, c.received_at, c.channel::text, c.relationship::text,
              c.consent_given_at, c.consent_channel::text, c.consent_withdrawn_at, c.version
         FROM case_review c WHERE c.id = ANY (ids) AND hub_has_role('AUDITOR')`);
    // The CST's search for the victims' records among the partnership's agencies (consent
    // active only), for one case or for all of the caller's: the latter lets the CST read
    // those records (and their reporters) before they are linked.
    const candidates = (oneCase: boolean) => `SELECT coalesce(array_agg(i.id ORDER BY i.reported_at DESC, i.id DESC), '{}')
         FROM case_review c
         JOIN person v ON v.id = c.victim_id
         JOIN partnership_agency pa ON pa.partnership_id = c.partnership_id
         JOIN incident i ON i.agency_id = pa.agency_id
         JOIN person r ON r.id = i.reporter_id
        WHERE ${oneCase ? 'c.id = for_case' : 'true'}
          AND c.consent_withdrawn_at IS NULL
          AND c.partnership_id = ANY (hub_cst_partnership_ids())
          AND r.name_key = v.name_key
          AND (r.date_of_birth = v.date_of_birth OR r.postcode_key = v.postcode_key)
          AND NOT EXISTS (SELECT 1 FROM case_incident ci WHERE ci.case_id = c.id AND ci.incident_id = i.id)`;
    await definer('hub_all_candidate_incident_ids', [], 'uuid[]', candidates(false));
    await definer('hub_candidate_incident_ids', [['for_case', 'uuid']], 'uuid[]',
      `SELECT coalesce(array_agg(i.id ORDER BY i.reported_at DESC, i.id DESC), '{}')
         FROM case_review c
         JOIN person v ON v.id = c.victim_id
         JOIN partnership_agency pa ON pa.partnership_id = c.partnership_id
         JOIN incident i ON i.agency_id = pa.agency_id
         JOIN person r ON r.id = i.reporter_id
        WHERE c.id = for_case
          AND c.consent_withdrawn_at IS NULL
          AND c.partnership_id = ANY (hub_cst_partnership_ids())
          AND r.name_key = v.name_key
          AND (r.date_of_birth = v.date_of_birth OR r.postcode_key = v.postcode_key)
          AND NOT EXISTS (SELECT 1 FROM case_incident ci WHERE ci.case_id = c.id AND ci.incident_id = i.id)`);
    // A page of the incidents the caller may know of, newest report first, and their total (in a row
    // whose id is null): their agency's records for contributors and responders, and records linked to
    // cases they see in full, whatever the consent (those are shown redacted: DOMAIN.md, "Consent").
    await definer('hub_visible_incidents',
      [['f_agency', 'uuid'], ['f_category', 'text'], ['f_from', 'timestamptz'], ['f_to', 'timestamptz'], ['after_at', 'timestamptz'], ['after_id', 'uuid'], ['lim', 'int']],
      'TABLE (id uuid, reported_at timestamptz, total bigint)',
      `WITH scope AS (
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
         LIMIT lim)`);
    // Which of these records the caller, as the case's CST, may link: those of the partnership's agencies
    // (the CST names records the agencies told it of; it cannot read them before they are linked).
    await definer('hub_linkable_incident_ids', [['for_case', 'uuid'], ['ids', 'uuid[]']], 'uuid[]',
      `SELECT coalesce(array_agg(i.id), '{}')
         FROM case_review c
         JOIN partnership_agency pa ON pa.partnership_id = c.partnership_id
         JOIN incident i ON i.agency_id = pa.agency_id
        WHERE c.id = for_case AND c.partnership_id = ANY (hub_cst_partnership_ids()) AND i.id = ANY (ids)`);
    // The kind of a person the caller reaches through a case they may see, when the person's
    // details are withheld (consent withdrawn): what a redacted Person still shows.
    await definer('hub_person_kinds', [['ids', 'uuid[]']], 'TABLE (id uuid, kind text)',
      `SELECT p.id, p.kind::text FROM person p
        WHERE p.id = ANY (ids)
          AND (p.agency_id = hub_agency_id()
               OR EXISTS (SELECT 1 FROM case_review c
                           WHERE (c.victim_id = p.id OR c.applicant_id = p.id)
                             AND (c.partnership_id = ANY (hub_cst_partnership_ids()) OR c.id = ANY (hub_panel_case_ids())
                                  OR c.id = ANY (hub_addressed_case_ids()))))`);
    // The statutory figures are aggregates with no personal data: counted over every application.
    await definer('hub_case_review_figures', [['for_partnership', 'uuid'], ['labels', 'text[]'], ['starts', 'date[]'], ['ends', 'date[]']],
      'TABLE (label text, start text, "end" text, received int, not_met int, reviewed int, with_recs int)',
      `SELECT x.label, x.start::text, x.end_date::text,
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
        ORDER BY x.n`);
    // Appends one request's entries to the hash chain, as the caller (hub.user_id), in one call:
    // the lock orders concurrent appenders and is held to the commit that follows at once; each
    // statement here takes a fresh snapshot, so the head read after the lock is the latest.
    // The chain's content format is chainHash()'s in src/modules/access-log/access-log.chain.ts.
    await q.query(`CREATE FUNCTION hub_append_access_log(actions text[], entities text[], entity_ids uuid[], case_ids uuid[])
      RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        actor uuid := hub_user_id();
        head_id bigint;
        head_hash text;
      BEGIN
        IF actor IS NULL THEN RAISE EXCEPTION 'no caller set for the access log'; END IF;
        PERFORM pg_advisory_xact_lock(740921001);
        SELECT coalesce(max(id), 0) INTO head_id FROM access_log;
        SELECT coalesce((SELECT hash FROM access_log WHERE id = head_id), '') INTO head_hash;
        INSERT INTO access_log (id, at, actor_id, action, entity, entity_id, case_id, hash) OVERRIDING SYSTEM VALUE
        WITH RECURSIVE
          e AS (SELECT * FROM unnest(actions, entities, entity_ids, case_ids) WITH ORDINALITY AS e(action, entity, entity_id, case_id, n)),
          chained AS (
            SELECT e.*, encode(sha256(convert_to(head_hash || '|' ||
                     to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || actor || '|' || e.action || '|' ||
                     e.entity || '|' || e.entity_id || '|' || coalesce(e.case_id::text, ''), 'UTF8')), 'hex') AS hash
              FROM e WHERE e.n = 1
            UNION ALL
            SELECT e.*, encode(sha256(convert_to(c.hash || '|' ||
                     to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || actor || '|' || e.action || '|' ||
                     e.entity || '|' || e.entity_id || '|' || coalesce(e.case_id::text, ''), 'UTF8')), 'hex')
              FROM chained c JOIN e ON e.n = c.n + 1)
        SELECT head_id + chained.n, now(), actor, chained.action, chained.entity, chained.entity_id, chained.case_id, chained.hash FROM chained;
      END $$`);
    await q.query(`ALTER FUNCTION hub_append_access_log(text[], text[], uuid[], uuid[]) OWNER TO hub_security`);
    await q.query(`GRANT INSERT ON access_log TO hub_security`);
    await q.query(`REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO hub_app, hub_security`);

    for (const table of RLS_TABLES) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      // The owner (migrations, tests' fixtures, bootstrap) keeps full access; hub_app is the one restricted.
      await q.query(`CREATE POLICY ${table}_owner ON ${table} TO CURRENT_USER USING (true) WITH CHECK (true)`);
    }

    const policy = (table: string, using: string, check = using) =>
      q.query(`CREATE POLICY ${table}_hub_app ON ${table} FOR ALL TO hub_app USING (${using}) WITH CHECK (${check})`);

    await policy(
      'case_review',
      `partnership_id = ANY ((SELECT hub_cst_partnership_ids())::uuid[])
        OR id = ANY ((SELECT hub_panel_case_ids())::uuid[])
        OR id = ANY ((SELECT hub_addressed_case_ids())::uuid[])`,
    );
    await policy('case_incident', FULL_CASE('case_id'));
    await policy('case_event', `EXISTS (SELECT 1 FROM case_review c WHERE c.id = case_id)`);
    await policy('information_request', `${FULL_CASE('case_id')} OR ${ADDRESSED}`);
    await policy('recommendation', `${FULL_CASE('case_id')} OR ${ADDRESSED}`);
    await policy('panel', FULL_CASE('case_id'));
    await policy('panel_member', `EXISTS (SELECT 1 FROM panel p WHERE p.id = panel_id)`);
    await policy(
      'incident',
      `agency_id = (SELECT hub_agency_id())
        OR EXISTS (SELECT 1 FROM case_incident ci JOIN case_review c ON c.id = ci.case_id
                    WHERE ci.incident_id = incident.id AND c.consent_withdrawn_at IS NULL AND ${FULL_CASE('c.id')})
        OR id = ANY ((SELECT hub_all_candidate_incident_ids())::uuid[])`,
      `agency_id = (SELECT hub_agency_id())`,
    );
    await policy('incident_revision', `EXISTS (SELECT 1 FROM incident i WHERE i.id = incident_id AND i.agency_id = (SELECT hub_agency_id()))`);
    await policy(
      'person',
      `agency_id = (SELECT hub_agency_id())
        OR EXISTS (SELECT 1 FROM case_review c
                    WHERE (c.victim_id = person.id OR (c.applicant_id = person.id AND ${FULL_CASE('c.id')}))
                      AND c.consent_withdrawn_at IS NULL)
        OR EXISTS (SELECT 1 FROM incident i JOIN case_incident ci ON ci.incident_id = i.id JOIN case_review c ON c.id = ci.case_id
                    WHERE i.reporter_id = person.id AND c.consent_withdrawn_at IS NULL AND ${FULL_CASE('c.id')})
        OR EXISTS (SELECT 1 FROM incident i WHERE i.reporter_id = person.id AND i.id = ANY ((SELECT hub_all_candidate_incident_ids())::uuid[]))`,
      `agency_id = (SELECT hub_agency_id())`,
    );
    await q.query(`CREATE POLICY access_log_read ON access_log FOR SELECT TO hub_app USING ((SELECT hub_has_role('AUDITOR')))`);

  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY access_log_read ON access_log`);
    for (const table of RLS_TABLES) {
      if (table !== 'access_log') await q.query(`DROP POLICY ${table}_hub_app ON ${table}`);
      await q.query(`DROP POLICY ${table}_owner ON ${table}`);
      await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    for (const fn of [
      'hub_append_access_log(text[], text[], uuid[], uuid[])',
      'hub_case_review_figures(uuid, text[], date[], date[])',
      'hub_visible_incidents(uuid, text, timestamptz, timestamptz, timestamptz, uuid, int)',
      'hub_person_kinds(uuid[])',
      'hub_linkable_incident_ids(uuid, uuid[])',
      'hub_candidate_incident_ids(uuid)',
      'hub_all_candidate_incident_ids()',
      'hub_case_references(uuid[])',
      'hub_incident_facts(uuid[])',
      'hub_access_log_head()',
      'hub_addressed_case_ids()',
      'hub_panel_case_ids()',
      'hub_cst_partnership_ids()',
      'hub_has_role(text)',
      'hub_agency_id()',
      'hub_user_id()',
    ]) {
      await q.query(`DROP FUNCTION ${fn}`);
    }
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM hub_app, hub_security`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM hub_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM hub_app, hub_security`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM hub_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM hub_app, hub_security`);
  }
}
