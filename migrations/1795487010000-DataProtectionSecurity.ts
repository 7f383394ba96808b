import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written, like RowLevelSecurity (TypeORM does not generate roles, grants,
 * policies, triggers or functions). DOMAIN.md, "Data protection".
 *
 * 1. The lawful basis joins the access log's hash chain. hub_append_access_log
 *    takes a basis per entry and refuses an entry without one (and a trigger
 *    refuses a row without one, whoever inserts it); an entry's hash covers
 *    `...|caseId|basis`. Entries appended before this migration keep their null
 *    basis and the hash they were written with (access-log.chain.ts), so the old
 *    chain verifies unchanged and nothing of it is rewritten: the log stays
 *    append-only. hub_access_log_chain hands auditors the basis too.
 * 2. The subject of a subject access export. A data protection officer (role
 *    DATA_PROTECTION_OFFICER) reaches a person whose record their agency holds,
 *    or who reached a case of one of their agency's partnerships (as applicant,
 *    victim, or the reporter of a linked incident). hub_subject_records answers
 *    what the hub holds about them: their records at the agencies of those
 *    partnerships matched by the candidate rule (name key, and date of birth or
 *    postcode key), the incidents those records reported (with their earlier
 *    versions), the cases they are
 *    applicant or victim of in those partnerships. hub_open_subject names a
 *    subject for the rest of the transaction (checked against the reach), and
 *    the *_subject policies let the officer read exactly those rows (and the
 *    access-log entries about them) for that transaction, SELECT only. The
 *    hub_subject_* accessors re-check the reach of every subject named, so a
 *    caller who sets the setting by hand gains nothing the export would not give.
 * 3. Erasure, by a role of its own: hub_eraser (no login, BYPASSRLS like
 *    hub_security) owns the erasing functions and may UPDATE only the columns
 *    that hold personal data (column grants): ids, dates, categories, statuses
 *    and figures cannot change through it. hub_erase_records empties what
 *    DOMAIN.md lists (contacts' summaries, the victim's statement and their
 *    answers to the risk assessment included)
 *    and takes the people's details out of their cases' free text; the erasure ledger (table erasure) makes it idempotent, and one
 *    advisory lock serialises erasures, so two runs over one person wait for
 *    each other and the second finds the work done. hub_erase_subject is the
 *    officer's (within their reach); hub_retention_due and
 *    hub_erase_past_retention are an administrator's, or the daily job's (its
 *    system user of the partnership's lead agency holds ADMIN).
 * 4. Retention: a case is past its retention on the anniversary (Europe/London
 *    date) `caseYears` after its closure or withdrawal (its CLOSED or WITHDRAWN
 *    event); an incident never linked to a case `incidentYears` after
 *    reportedAt, by the longest policy of the partnerships its agency belongs
 *    to; a linked incident once every case it is linked to is past; a person
 *    once everything they reported and every case they are applicant or victim
 *    of is past. 29 February plus whole years falls on 28 February.
 * 5. Row-level security on the new tables: retention_policy is read by the
 *    partnership's agencies' users and administrators, and written by
 *    administrators and the data protection officer of its lead agency; the
 *    erasure ledger is the database's alone (hub_app has no right on it).
 * 6. hub_case_references also names a case (id, reference, status) to a data
 *    protection officer of its partnership: the access-log entries about their
 *    subject say through which case the data was seen.
 */

const SQL_DEFINER = `SECURITY DEFINER SET search_path = public, pg_temp`;

/**
 * hub_append_access_log, with a lawful basis per entry (`withBasis`) or as the
 * AccessLogLanes migration left it (for down()).
 */
const APPEND = (withBasis: boolean) => `CREATE FUNCTION hub_append_access_log(actions text[], entities text[], entity_ids uuid[], case_ids uuid[]${withBasis ? ', bases text[]' : ''})
  RETURNS void LANGUAGE plpgsql VOLATILE ${SQL_DEFINER} AS $$
  DECLARE
    actor uuid := hub_user_id();
    my_lane smallint := pg_backend_pid() % 8;
    stamp text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
    head_hash text;
    hashes text[] := '{}';
  BEGIN
    IF actor IS NULL THEN RAISE EXCEPTION 'no caller set for the access log'; END IF;${
      withBasis
        ? `
    IF EXISTS (SELECT 1 FROM unnest(bases) b WHERE b IS NULL) OR cardinality(bases) IS DISTINCT FROM cardinality(actions) THEN
      RAISE EXCEPTION 'every access-log entry needs its lawful basis';
    END IF;`
        : ''
    }
    -- Held to the commit that follows at once; each statement here takes a fresh snapshot,
    -- so the lane's head read after the lock is its latest.
    PERFORM pg_advisory_xact_lock(740921001, my_lane);
    SELECT l.hash INTO head_hash FROM access_log l WHERE l.lane = my_lane ORDER BY l.id DESC LIMIT 1;
    head_hash := coalesce(head_hash, '');
    FOR i IN 1 .. coalesce(array_length(actions, 1), 0) LOOP
      head_hash := encode(sha256(convert_to(head_hash || '|' || stamp || '|' || actor || '|' || actions[i] || '|' ||
        entities[i] || '|' || entity_ids[i] || '|' || coalesce(case_ids[i]::text, '')${withBasis ? " || '|' || bases[i]" : ''}, 'UTF8')), 'hex');
      hashes[i] := head_hash;
    END LOOP;
    INSERT INTO access_log (lane, at, actor_id, action, entity, entity_id, case_id,${withBasis ? ' lawful_basis,' : ''} hash)
    SELECT my_lane, now(), actor, e.action, e.entity, e.entity_id, e.case_id,${withBasis ? ' e.basis,' : ''} e.hash
      FROM unnest(actions, entities, entity_ids, case_ids,${withBasis ? ' bases,' : ''} hashes) WITH ORDINALITY AS e(action, entity, entity_id, case_id,${withBasis ? ' basis,' : ''} hash, n)
     ORDER BY e.n;
  END $$`;

const CHAIN = (withBasis: boolean) => `CREATE FUNCTION hub_access_log_chain(after_lane smallint, after_id bigint, lim int)
  RETURNS TABLE (lane smallint, id bigint, at text, actor_id uuid, action text, entity text, entity_id uuid, case_id uuid,${withBasis ? ' lawful_basis text,' : ''} hash text)
  LANGUAGE plpgsql STABLE ${SQL_DEFINER} AS $$
  BEGIN
    IF NOT hub_has_role('AUDITOR') THEN RETURN; END IF;
    RETURN QUERY SELECT l.lane, l.id, to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), l.actor_id, l.action, l.entity,
                        l.entity_id, l.case_id,${withBasis ? ' l.lawful_basis,' : ''} l.hash
      FROM access_log l WHERE (l.lane, l.id) > (after_lane, after_id) ORDER BY l.lane, l.id LIMIT lim;
  END $$`;

const CASE_REFERENCES = (dpo: boolean) => `CREATE OR REPLACE FUNCTION hub_case_references(ids uuid[])
  RETURNS TABLE (id uuid, partnership_id uuid, reference text, status text, received_at timestamptz, channel text, relationship text,
                 consent_given_at timestamptz, consent_channel text, consent_withdrawn_at timestamptz, version int)
  LANGUAGE sql STABLE ${SQL_DEFINER} AS $$
  SELECT c.id, c.partnership_id, c.reference, c.status::text, c.received_at, c.channel::text, c.relationship::text,
         NULL::timestamptz, NULL::text, NULL::timestamptz, c.version
    FROM case_review c WHERE c.id = ANY (ids)
     AND ((hub_has_role('AUDITOR') AND c.partnership_id = ANY (hub_audit_partnership_ids()))${
       dpo ? `\n          OR (hub_has_role('DATA_PROTECTION_OFFICER') AND c.partnership_id = ANY (hub_dpo_partnership_ids()))` : ''
     })
$$`;

/** The partnerships of a data protection officer's agency (none for anyone else). */
const DPO_PARTNERSHIPS = `CREATE FUNCTION hub_dpo_partnership_ids() RETURNS uuid[] LANGUAGE sql STABLE ${SQL_DEFINER} AS $$
  SELECT coalesce(array_agg(pa.partnership_id), '{}') FROM app_user u JOIN partnership_agency pa ON pa.agency_id = u.agency_id
   WHERE u.id = hub_user_id() AND 'DATA_PROTECTION_OFFICER' = ANY (u.roles::text[])
$$`;

const IN_REACH = `CREATE FUNCTION hub_subject_in_reach(anchor uuid) RETURNS boolean LANGUAGE sql STABLE ${SQL_DEFINER} AS $$
  SELECT hub_has_role('DATA_PROTECTION_OFFICER') AND EXISTS (
    SELECT 1 FROM person p WHERE p.id = anchor AND (
      p.agency_id = hub_agency_id()
      OR EXISTS (SELECT 1 FROM case_review c WHERE (c.victim_id = p.id OR c.applicant_id = p.id) AND c.partnership_id = ANY (hub_dpo_partnership_ids()))
      OR EXISTS (SELECT 1 FROM incident i JOIN case_incident ci ON ci.incident_id = i.id JOIN case_review c ON c.id = ci.case_id
                  WHERE i.reporter_id = p.id AND c.partnership_id = ANY (hub_dpo_partnership_ids()))))
$$`;

const RECORDS = `CREATE FUNCTION hub_subject_records(anchor uuid) RETURNS TABLE (person_ids uuid[], incident_ids uuid[], case_ids uuid[])
  LANGUAGE sql STABLE ${SQL_DEFINER} AS $$
  WITH reach AS MATERIALIZED (SELECT hub_dpo_partnership_ids() AS partnerships, hub_agency_id() AS agency WHERE hub_subject_in_reach(anchor)),
  agencies AS MATERIALIZED (
    SELECT pa.agency_id FROM reach JOIN partnership_agency pa ON pa.partnership_id = ANY (reach.partnerships)
    UNION SELECT reach.agency FROM reach),
  anchor_person AS MATERIALIZED (SELECT p.* FROM person p, reach WHERE p.id = anchor),
  persons AS MATERIALIZED (
    SELECT a.id FROM anchor_person a
    UNION
    SELECT r.id FROM anchor_person a JOIN agencies g ON true
      JOIN person r ON r.agency_id = g.agency_id AND r.name_key = a.name_key
                   AND (r.date_of_birth = a.date_of_birth OR r.postcode_key = a.postcode_key)),
  incidents AS (SELECT i.id FROM incident i WHERE i.reporter_id IN (SELECT id FROM persons)),
  cases AS (
    SELECT c.id FROM case_review c, reach
     WHERE (c.victim_id IN (SELECT id FROM persons) OR c.applicant_id IN (SELECT id FROM persons)) AND c.partnership_id = ANY (reach.partnerships))
  SELECT ARRAY(SELECT id FROM persons ORDER BY id), ARRAY(SELECT id FROM incidents ORDER BY id), ARRAY(SELECT id FROM cases ORDER BY id)
$$`;

const OPEN_SUBJECT = `CREATE FUNCTION hub_open_subject(anchor uuid) RETURNS boolean LANGUAGE plpgsql VOLATILE ${SQL_DEFINER} AS $$
  DECLARE opened text := coalesce(current_setting('hub.subject_ids', true), '');
  BEGIN
    IF NOT hub_subject_in_reach(anchor) THEN RETURN false; END IF;
    IF position(anchor::text IN opened) = 0 THEN
      PERFORM set_config('hub.subject_ids', concat_ws(',', nullif(opened, ''), anchor::text), true);
    END IF;
    RETURN true;
  END $$`;

/**
 * The records of every subject opened in this transaction (hub.subject_ids), each
 * re-checked against the caller's reach, remembered for the transaction like the
 * other policy helpers (keyed by caller and subjects). The policies read them
 * through hub_subject_person_ids(), _incident_ids() and _case_ids().
 */
const SUBJECT_SCOPE = `CREATE FUNCTION hub_subject_scope(OUT person_ids uuid[], OUT incident_ids uuid[], OUT case_ids uuid[])
  LANGUAGE plpgsql STABLE ${SQL_DEFINER} AS $$
  DECLARE
    opened text := coalesce(current_setting('hub.subject_ids', true), '');
    cache_key text;
  BEGIN
    IF opened = '' OR hub_user_id() IS NULL THEN
      person_ids := '{}'; incident_ids := '{}'; case_ids := '{}';
      RETURN;
    END IF;
    cache_key := hub_user_id()::text || '|' || opened;
    IF current_setting('hub.cache_subject_key', true) = cache_key THEN
      person_ids := current_setting('hub.cache_subject_person', true)::uuid[];
      incident_ids := current_setting('hub.cache_subject_incident', true)::uuid[];
      case_ids := current_setting('hub.cache_subject_case', true)::uuid[];
      RETURN;
    END IF;
    WITH recs AS MATERIALIZED (SELECT r.* FROM unnest(string_to_array(opened, ',')) a CROSS JOIN LATERAL hub_subject_records(a::uuid) r)
    SELECT (SELECT coalesce(array_agg(DISTINCT x), '{}') FROM recs, unnest(recs.person_ids) x),
           (SELECT coalesce(array_agg(DISTINCT x), '{}') FROM recs, unnest(recs.incident_ids) x),
           (SELECT coalesce(array_agg(DISTINCT x), '{}') FROM recs, unnest(recs.case_ids) x)
      INTO person_ids, incident_ids, case_ids;
    PERFORM set_config('hub.cache_subject_person', person_ids::text, true);
    PERFORM set_config('hub.cache_subject_incident', incident_ids::text, true);
    PERFORM set_config('hub.cache_subject_case', case_ids::text, true);
    PERFORM set_config('hub.cache_subject_key', cache_key, true);
  END $$`;

const SUBJECT_IDS = (name: 'person' | 'incident' | 'case') => `CREATE FUNCTION hub_subject_${name}_ids() RETURNS uuid[] LANGUAGE sql STABLE ${SQL_DEFINER} AS $$
  SELECT ${name}_ids FROM hub_subject_scope()
$$`;

/** Each table the export reads, and the condition that lets a data protection officer read its rows for an opened subject. */
const SUBJECT_POLICIES: Record<string, string> = {
  person: `id = ANY ((SELECT hub_subject_person_ids())::uuid[])`,
  incident: `id = ANY ((SELECT hub_subject_incident_ids())::uuid[])`,
  incident_revision: `incident_id = ANY ((SELECT hub_subject_incident_ids())::uuid[])`,
  case_review: `id = ANY ((SELECT hub_subject_case_ids())::uuid[])`,
  case_incident: `case_id = ANY ((SELECT hub_subject_case_ids())::uuid[])`,
  case_event: `case_id = ANY ((SELECT hub_subject_case_ids())::uuid[])`,
  information_request: `case_id = ANY ((SELECT hub_subject_case_ids())::uuid[])`,
  panel: `case_id = ANY ((SELECT hub_subject_case_ids())::uuid[])`,
  panel_member: `EXISTS (SELECT 1 FROM hub_panel_scope p WHERE p.panel_id = panel_member.panel_id AND p.case_id = ANY ((SELECT hub_subject_case_ids())::uuid[]))`,
  recommendation: `case_id = ANY ((SELECT hub_subject_case_ids())::uuid[])`,
  contact: `case_id = ANY ((SELECT hub_subject_case_ids())::uuid[])`,
  victim_involvement: `case_id = ANY ((SELECT hub_subject_case_ids())::uuid[])`,
  risk_assessment: `case_id = ANY ((SELECT hub_subject_case_ids())::uuid[])`,
  // The entries about the subject's records, and the agencies' answers read on their cases.
  access_log: `entity_id = ANY ((SELECT hub_subject_person_ids())::uuid[]) OR entity_id = ANY ((SELECT hub_subject_incident_ids())::uuid[])
    OR entity_id = ANY ((SELECT hub_subject_case_ids())::uuid[]) OR (entity = 'InformationRequest' AND case_id = ANY ((SELECT hub_subject_case_ids())::uuid[]))`,
};

/** The columns that hold personal data: the only ones hub_eraser may change. */
const ERASABLE: Record<string, string[]> = {
  person: ['name', 'name_key', 'date_of_birth', 'address', 'postcode', 'postcode_key', 'phone', 'email'],
  incident: ['summary', 'location', 'content_hash'],
  incident_revision: ['content'],
  case_review: ['reported_incidents', 'threshold_reason', 'threshold_alternative_action', 'secondary_review_reason'],
  case_event: ['note'],
  information_request: ['question', 'response_summary', 'response_actions'],
  panel: ['findings'],
  recommendation: ['text', 'response_reason', 'completion_note'],
  consent_withdrawal: ['name_key', 'date_of_birth', 'postcode_key'],
  contact: ['summary'],
  victim_involvement: ['statement', 'not_invited_reason'],
  risk_assessment: ['answers'],
};
/** What the erasing functions read besides. */
const ERASER_READS = ['case_incident', 'partnership', 'partnership_agency', 'app_user', 'retention_policy', 'erasure'];

/**
 * Free text with every occurrence of the given values (any case) replaced by
 * "[erased]". Values shorter than three characters, or found in "[erased]"
 * itself, are left alone.
 */
const SCRUB_TEXT = `CREATE FUNCTION hub_scrub_text(t text, vals text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
  DECLARE
    v text;
    done text := '';
    rest text := t;
    found_at int;
  BEGIN
    IF t IS NULL OR vals IS NULL THEN RETURN t; END IF;
    FOREACH v IN ARRAY vals LOOP
      CONTINUE WHEN v IS NULL OR length(btrim(v)) < 3 OR strpos('[erased]', lower(v)) > 0;
      done := '';
      LOOP
        found_at := strpos(lower(rest), lower(v));
        EXIT WHEN found_at = 0;
        done := done || substr(rest, 1, found_at - 1) || '[erased]';
        rest := substr(rest, found_at + length(v));
      END LOOP;
      rest := done || rest;
    END LOOP;
    RETURN rest;
  END $$`;

const SCRUB_JSON = `CREATE FUNCTION hub_scrub_json(j jsonb, vals text[]) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
  BEGIN
    RETURN CASE jsonb_typeof(j)
      WHEN 'string' THEN to_jsonb(hub_scrub_text(j #>> '{}', vals))
      WHEN 'array' THEN coalesce((SELECT jsonb_agg(hub_scrub_json(e, vals) ORDER BY n) FROM jsonb_array_elements(j) WITH ORDINALITY AS x(e, n)), '[]'::jsonb)
      WHEN 'object' THEN coalesce((SELECT jsonb_object_agg(k, hub_scrub_json(v, vals)) FROM jsonb_each(j) AS x(k, v)), '{}'::jsonb)
      ELSE j
    END;
  END $$`;

const NOT_ERASED = (entity: string, id: string) => `NOT EXISTS (SELECT 1 FROM erasure e WHERE e.entity = '${entity}' AND e.entity_id = ${id})`;

const ERASE_RECORDS = `CREATE FUNCTION hub_erase_records(persons uuid[], incidents uuid[], cases uuid[], scrub_persons uuid[], erase_cause text, erase_reason text)
  RETURNS TABLE (entity text, entity_id uuid, case_id uuid) LANGUAGE plpgsql VOLATILE ${SQL_DEFINER} AS $$
  DECLARE
    actor uuid := hub_user_id();
    p_ids uuid[];
    i_ids uuid[];
    c_ids uuid[];
    vals text[];
  BEGIN
    IF actor IS NULL THEN RAISE EXCEPTION 'no caller set for an erasure'; END IF;
    -- One erasure at a time: two runs over the same records wait for each other, and the second finds them in the ledger.
    PERFORM pg_advisory_xact_lock(740921002);
    p_ids := ARRAY(SELECT DISTINCT x FROM unnest(persons) x WHERE x IS NOT NULL AND ${NOT_ERASED('Person', 'x')});
    i_ids := ARRAY(SELECT DISTINCT x FROM unnest(incidents) x WHERE x IS NOT NULL AND ${NOT_ERASED('Incident', 'x')});
    c_ids := ARRAY(SELECT DISTINCT x FROM unnest(cases) x WHERE x IS NOT NULL AND ${NOT_ERASED('CaseReview', 'x')});
    -- The details of the people concerned, read before they are emptied: taken out of the cases' free text and the reason.
    vals := ARRAY(SELECT DISTINCT v FROM person p
                   CROSS JOIN LATERAL unnest(ARRAY[p.name, p.address, p.postcode, p.phone, p.email,
                                                   to_char(p.date_of_birth, 'YYYY-MM-DD'), to_char(p.date_of_birth, 'DD/MM/YYYY')]) v
                  WHERE p.id = ANY (scrub_persons || p_ids) AND v IS NOT NULL AND ${NOT_ERASED('Person', 'p.id')});

    UPDATE case_review c SET
        reported_incidents = (SELECT coalesce(jsonb_agg(hub_scrub_json(r, vals) || '{"details": null, "reportedToName": null}'::jsonb ORDER BY n), '[]'::jsonb)
                                FROM jsonb_array_elements(c.reported_incidents) WITH ORDINALITY AS x(r, n)),
        threshold_reason = hub_scrub_text(c.threshold_reason, vals),
        threshold_alternative_action = hub_scrub_text(c.threshold_alternative_action, vals),
        secondary_review_reason = hub_scrub_text(c.secondary_review_reason, vals)
      WHERE c.id = ANY (c_ids);
    UPDATE case_event ev SET note = hub_scrub_text(ev.note, vals) WHERE ev.case_id = ANY (c_ids) AND ev.note IS NOT NULL;
    UPDATE information_request r SET
        question = hub_scrub_text(r.question, vals),
        response_summary = hub_scrub_text(r.response_summary, vals),
        response_actions = CASE WHEN r.response_actions IS NULL THEN NULL
                                ELSE coalesce((SELECT array_agg(hub_scrub_text(a, vals) ORDER BY n) FROM unnest(r.response_actions) WITH ORDINALITY AS x(a, n)), '{}') END
      WHERE r.case_id = ANY (c_ids);
    UPDATE panel pn SET findings = hub_scrub_text(pn.findings, vals) WHERE pn.case_id = ANY (c_ids) AND pn.findings IS NOT NULL;
    UPDATE recommendation r SET
        text = hub_scrub_text(r.text, vals),
        response_reason = hub_scrub_text(r.response_reason, vals),
        completion_note = hub_scrub_text(r.completion_note, vals)
      WHERE r.case_id = ANY (c_ids);
    -- Contacts with the applicant and victim, and the victim's own account for the panel: emptied (DOMAIN.md).
    UPDATE contact ct SET summary = '' WHERE ct.case_id = ANY (c_ids);
    UPDATE victim_involvement vi SET statement = NULL, not_invited_reason = hub_scrub_text(vi.not_invited_reason, vals) WHERE vi.case_id = ANY (c_ids);
    -- The victim's answers to the risk assessment (health, vulnerability, self-harm); its level and score are figures and stay.
    UPDATE risk_assessment ra SET answers = '[]'::jsonb WHERE ra.case_id = ANY (c_ids);
    -- A withdrawal of consent is recorded against the victim's matching keys: they go with the case.
    UPDATE consent_withdrawal w SET name_key = 'erased', date_of_birth = NULL, postcode_key = NULL WHERE w.case_id = ANY (c_ids);

    -- An erased incident keeps its agency, reference, dates, category and version; its text and every
    -- earlier version's go. Its content hash goes too (it was taken over the content), so the agency
    -- sending the record again is an update, not "unchanged".
    UPDATE incident i SET summary = '', location = NULL, content_hash = 'erased:' || i.id::text WHERE i.id = ANY (i_ids);
    UPDATE incident_revision r SET content = r.content || jsonb_build_object(
        'summary', '', 'location', NULL,
        'reporter', jsonb_build_object('kind', r.content->'reporter'->'kind', 'name', 'Erased', 'dateOfBirth', NULL, 'address', NULL,
                                       'postcode', NULL, 'phone', NULL, 'email', NULL))
      WHERE r.incident_id = ANY (i_ids);
    UPDATE person p SET name = 'Erased', name_key = 'erased', date_of_birth = NULL, address = NULL, postcode = NULL, postcode_key = NULL,
                        phone = NULL, email = NULL
      WHERE p.id = ANY (p_ids);

    INSERT INTO erasure (entity, entity_id, cause, erased_by_id, reason)
    SELECT x.entity, x.id, erase_cause, actor, hub_scrub_text(erase_reason, vals)
      FROM (SELECT 'Person' AS entity, unnest(p_ids) AS id UNION ALL SELECT 'Incident', unnest(i_ids) UNION ALL SELECT 'CaseReview', unnest(c_ids)) x;
    RETURN QUERY SELECT 'Person'::text, x, NULL::uuid FROM unnest(p_ids) x
                 UNION ALL SELECT 'Incident'::text, x, NULL::uuid FROM unnest(i_ids) x
                 UNION ALL SELECT 'CaseReview'::text, x, x FROM unnest(c_ids) x;
  END $$`;

const ERASE_SUBJECT = `CREATE FUNCTION hub_erase_subject(anchor uuid, erase_reason text)
  RETURNS TABLE (entity text, entity_id uuid, case_id uuid) LANGUAGE plpgsql VOLATILE ${SQL_DEFINER} AS $$
  DECLARE r record;
  BEGIN
    IF NOT hub_subject_in_reach(anchor) THEN
      RAISE EXCEPTION 'no such person within the caller''s reach' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO STRICT r FROM hub_subject_records(anchor);
    RETURN QUERY SELECT * FROM hub_erase_records(r.person_ids, r.incident_ids, r.case_ids, r.person_ids, 'REQUEST', erase_reason);
  END $$`;

/** Years a partnership keeps cases and unlinked incidents (DOMAIN.md's defaults without a policy). */
const YEARS = `CREATE FUNCTION hub_retention_years(for_partnership uuid, OUT case_years int, OUT incident_years int)
  LANGUAGE sql STABLE AS $$
  SELECT coalesce(max(rp.case_years), 6), coalesce(max(rp.incident_years), 6) FROM (SELECT 1) one
    LEFT JOIN retention_policy rp ON rp.partnership_id = for_partnership
$$`;

const CASE_PAST = `CREATE FUNCTION hub_case_past_retention(for_case uuid, today date) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce((
    SELECT ((max(ev.at) AT TIME ZONE 'Europe/London')::date + make_interval(years => (hub_retention_years(c.partnership_id)).case_years))::date <= today
      FROM case_review c JOIN case_event ev ON ev.case_id = c.id AND ev.type = c.status::text
     WHERE c.id = for_case AND c.status::text IN ('CLOSED', 'WITHDRAWN')
     GROUP BY c.partnership_id), false)
$$`;

const INCIDENT_PAST = `CREATE FUNCTION hub_incident_past_retention(for_incident uuid, today date) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM case_incident ci WHERE ci.incident_id = i.id)
      THEN NOT EXISTS (SELECT 1 FROM case_incident ci WHERE ci.incident_id = i.id AND NOT hub_case_past_retention(ci.case_id, today))
    ELSE ((i.reported_at AT TIME ZONE 'Europe/London')::date + make_interval(years => coalesce(
            (SELECT max((hub_retention_years(pa.partnership_id)).incident_years) FROM partnership_agency pa WHERE pa.agency_id = i.agency_id), 6)))::date <= today
    END
    FROM incident i WHERE i.id = for_incident
$$`;

const PERSON_PAST = `CREATE FUNCTION hub_person_past_retention(for_person uuid, today date) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT (EXISTS (SELECT 1 FROM incident i WHERE i.reporter_id = for_person)
          OR EXISTS (SELECT 1 FROM case_review c WHERE c.applicant_id = for_person OR c.victim_id = for_person))
     AND NOT EXISTS (SELECT 1 FROM incident i WHERE i.reporter_id = for_person AND NOT hub_incident_past_retention(i.id, today))
     AND NOT EXISTS (SELECT 1 FROM case_review c WHERE (c.applicant_id = for_person OR c.victim_id = for_person) AND NOT hub_case_past_retention(c.id, today))
$$`;

/**
 * Nothing is past its retention before the shortest policy anywhere has run its
 * course since it was reported (a linked incident is reported before its case
 * closes): a cut-off, two days loose for 29 February, that lets the index on
 * (agency, reported_at) skip the rest.
 */
const REPORTED_BEFORE = `(((today + 2) - make_interval(years => least(6, coalesce((SELECT min(least(case_years, incident_years)) FROM retention_policy), 6))))::timestamp AT TIME ZONE 'Europe/London')`;

const DUE_CASES = `SELECT c.id, c.applicant_id, c.victim_id FROM case_review c
     WHERE c.partnership_id = for_partnership AND c.status::text IN ('CLOSED', 'WITHDRAWN') AND ${NOT_ERASED('CaseReview', 'c.id')}
       AND hub_case_past_retention(c.id, today)`;

const DUE_INCIDENTS = `SELECT i.id, i.reporter_id FROM partnership_agency pa JOIN incident i ON i.agency_id = pa.agency_id
     WHERE pa.partnership_id = for_partnership AND i.reported_at < ${REPORTED_BEFORE} AND ${NOT_ERASED('Incident', 'i.id')}
       AND hub_incident_past_retention(i.id, today)`;

const RETENTION_DUE = `CREATE FUNCTION hub_retention_due(for_partnership uuid, today date) RETURNS uuid[] LANGUAGE plpgsql STABLE ${SQL_DEFINER} AS $$
  BEGIN
    IF NOT hub_has_role('ADMIN') THEN RETURN '{}'; END IF;
    RETURN ARRAY(
      SELECT DISTINCT x FROM (
        SELECT unnest(ARRAY[d.applicant_id, d.victim_id]) AS x FROM (${DUE_CASES}) d
        UNION ALL
        SELECT d.reporter_id FROM (${DUE_INCIDENTS}) d) people
      ORDER BY x);
  END $$`;

const ERASE_PAST_RETENTION = `CREATE FUNCTION hub_erase_past_retention(for_partnership uuid, for_person uuid, today date)
  RETURNS TABLE (entity text, entity_id uuid, case_id uuid) LANGUAGE plpgsql VOLATILE ${SQL_DEFINER} AS $$
  DECLARE
    due_cases uuid[];
    case_people uuid[];
    due_incidents uuid[];
    due_person uuid[];
  BEGIN
    IF NOT hub_has_role('ADMIN') THEN
      RAISE EXCEPTION 'retention is applied by an administrator' USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Taken before anything is read, so a second run over this person waits and then finds the first one's work.
    PERFORM pg_advisory_xact_lock(740921002);
    SELECT coalesce(array_agg(DISTINCT d.id), '{}'), coalesce(array_agg(DISTINCT p), '{}') INTO due_cases, case_people
      FROM (${DUE_CASES} AND for_person IN (c.applicant_id, c.victim_id)) d CROSS JOIN LATERAL unnest(ARRAY[d.applicant_id, d.victim_id]) p;
    due_incidents := ARRAY(SELECT d.id FROM (${DUE_INCIDENTS} AND i.reporter_id = for_person) d);
    due_person := CASE WHEN hub_person_past_retention(for_person, today) THEN ARRAY[for_person] ELSE '{}' END;
    RETURN QUERY SELECT * FROM hub_erase_records(due_person, due_incidents, due_cases, case_people, 'RETENTION', NULL);
  END $$`;

/** Functions of this migration: owner, and who may call them besides it. */
const FUNCTIONS: [signature: string, owner: 'hub_security' | 'hub_eraser', callers: string][] = [
  ['hub_append_access_log(text[], text[], uuid[], uuid[], text[])', 'hub_security', 'hub_app, hub_security, CURRENT_USER'],
  ['hub_access_log_chain(smallint, bigint, int)', 'hub_security', 'hub_app'],
  ['hub_dpo_partnership_ids()', 'hub_security', 'hub_app, hub_security, hub_eraser'],
  ['hub_subject_in_reach(uuid)', 'hub_security', 'hub_app, hub_security, hub_eraser'],
  ['hub_subject_records(uuid)', 'hub_security', 'hub_app, hub_security, hub_eraser'],
  ['hub_open_subject(uuid)', 'hub_security', 'hub_app'],
  ['hub_subject_scope()', 'hub_security', 'hub_app, hub_security'],
  ['hub_subject_person_ids()', 'hub_security', 'hub_app, hub_security'],
  ['hub_subject_incident_ids()', 'hub_security', 'hub_app, hub_security'],
  ['hub_subject_case_ids()', 'hub_security', 'hub_app, hub_security'],
  ['hub_scrub_text(text, text[])', 'hub_eraser', 'hub_eraser'],
  ['hub_scrub_json(jsonb, text[])', 'hub_eraser', 'hub_eraser'],
  ['hub_retention_years(uuid)', 'hub_eraser', 'hub_eraser'],
  ['hub_case_past_retention(uuid, date)', 'hub_eraser', 'hub_eraser'],
  ['hub_incident_past_retention(uuid, date)', 'hub_eraser', 'hub_eraser'],
  ['hub_person_past_retention(uuid, date)', 'hub_eraser', 'hub_eraser'],
  ['hub_erase_records(uuid[], uuid[], uuid[], uuid[], text, text)', 'hub_eraser', 'hub_eraser'],
  ['hub_erase_subject(uuid, text)', 'hub_eraser', 'hub_app'],
  ['hub_retention_due(uuid, date)', 'hub_eraser', 'hub_app, CURRENT_USER'],
  ['hub_erase_past_retention(uuid, uuid, date)', 'hub_eraser', 'hub_app, CURRENT_USER'],
];

/** Helpers of earlier migrations the erasing functions call (as hub_eraser). */
const ERASER_CALLS = ['hub_user_id()', 'hub_has_role(text)', 'hub_caller_roles()', 'hub_agency_id()'];

const RETENTION_READ = `(SELECT hub_has_role('ADMIN')) OR EXISTS (SELECT 1 FROM partnership_agency pa WHERE pa.partnership_id = retention_policy.partnership_id AND pa.agency_id = (SELECT hub_agency_id()))`;
const RETENTION_WRITE = `(SELECT hub_has_role('ADMIN')) OR ((SELECT hub_has_role('DATA_PROTECTION_OFFICER'))
  AND EXISTS (SELECT 1 FROM partnership p WHERE p.id = retention_policy.partnership_id AND p.lead_agency_id = (SELECT hub_agency_id())))`;

export class DataProtectionSecurity1795487010000 implements MigrationInterface {
  name = 'DataProtectionSecurity1795487010000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hub_eraser') THEN
          CREATE ROLE hub_eraser NOLOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO hub_eraser`);
    for (const [table, columns] of Object.entries(ERASABLE)) {
      await q.query(`GRANT SELECT ON ${table} TO hub_eraser`);
      await q.query(`GRANT UPDATE (${columns.join(', ')}) ON ${table} TO hub_eraser`);
    }
    for (const table of ERASER_READS) await q.query(`GRANT SELECT ON ${table} TO hub_eraser`);
    await q.query(`GRANT INSERT ON erasure TO hub_eraser`);
    await q.query(`GRANT SELECT ON hub_panel_scope TO hub_eraser`);
    for (const fn of ERASER_CALLS) await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO hub_eraser`);

    // 1. The basis in the chain.
    await q.query(`DROP FUNCTION hub_append_access_log(text[], text[], uuid[], uuid[])`);
    await q.query(APPEND(true));
    await q.query(`CREATE FUNCTION hub_access_log_basis_required() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.lawful_basis IS NULL THEN RAISE EXCEPTION 'every access-log entry needs its lawful basis' USING ERRCODE = 'not_null_violation'; END IF;
        RETURN NEW;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION hub_access_log_basis_required() FROM PUBLIC`);
    await q.query(`CREATE TRIGGER access_log_basis_required BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION hub_access_log_basis_required()`);
    await q.query(`DROP FUNCTION hub_access_log_chain(smallint, bigint, int)`);
    await q.query(CHAIN(true));

    // 2. The subject of an export.
    await q.query(DPO_PARTNERSHIPS);
    await q.query(IN_REACH);
    await q.query(RECORDS);
    await q.query(OPEN_SUBJECT);
    await q.query(SUBJECT_SCOPE);
    for (const name of ['person', 'incident', 'case'] as const) await q.query(SUBJECT_IDS(name));
    await q.query(CASE_REFERENCES(true));

    // 3 and 4. Erasure and retention.
    for (const sql of [SCRUB_TEXT, SCRUB_JSON, YEARS, CASE_PAST, INCIDENT_PAST, PERSON_PAST, ERASE_RECORDS, ERASE_SUBJECT, RETENTION_DUE, ERASE_PAST_RETENTION]) {
      await q.query(sql);
    }
    for (const [signature, owner, callers] of FUNCTIONS) {
      await q.query(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${signature} TO ${callers}`);
      await q.query(`ALTER FUNCTION ${signature} OWNER TO ${owner}`);
    }

    // 2. What an opened subject lets a data protection officer read.
    for (const [table, condition] of Object.entries(SUBJECT_POLICIES)) {
      await q.query(`CREATE POLICY ${table}_subject ON ${table} FOR SELECT TO hub_app USING (${condition})`);
    }

    // 5. The new tables.
    await q.query(`REVOKE DELETE, TRUNCATE ON retention_policy FROM hub_app`);
    await q.query(`ALTER TABLE retention_policy ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE retention_policy FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY retention_policy_owner ON retention_policy TO CURRENT_USER USING (true) WITH CHECK (true)`);
    await q.query(`CREATE POLICY retention_policy_read ON retention_policy FOR SELECT TO hub_app USING (${RETENTION_READ})`);
    await q.query(`CREATE POLICY retention_policy_insert ON retention_policy FOR INSERT TO hub_app WITH CHECK (${RETENTION_WRITE})`);
    await q.query(`CREATE POLICY retention_policy_update ON retention_policy FOR UPDATE TO hub_app USING (${RETENTION_WRITE}) WITH CHECK (${RETENTION_WRITE})`);
    await q.query(`REVOKE ALL ON erasure FROM hub_app`);
    await q.query(`ALTER TABLE erasure ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE erasure FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY erasure_owner ON erasure TO CURRENT_USER USING (true) WITH CHECK (true)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY erasure_owner ON erasure`);
    await q.query(`ALTER TABLE erasure NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE erasure DISABLE ROW LEVEL SECURITY`);
    for (const policy of ['owner', 'read', 'insert', 'update']) await q.query(`DROP POLICY retention_policy_${policy} ON retention_policy`);
    await q.query(`ALTER TABLE retention_policy NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE retention_policy DISABLE ROW LEVEL SECURITY`);
    for (const table of Object.keys(SUBJECT_POLICIES)) await q.query(`DROP POLICY ${table}_subject ON ${table}`);
    await q.query(CASE_REFERENCES(false));
    await q.query(`DROP TRIGGER access_log_basis_required ON access_log`);
    await q.query(`DROP FUNCTION hub_access_log_basis_required()`);
    for (const [signature] of [...FUNCTIONS].reverse()) await q.query(`DROP FUNCTION ${signature}`);
    await q.query(APPEND(false));
    await q.query(`ALTER FUNCTION hub_append_access_log(text[], text[], uuid[], uuid[]) OWNER TO hub_security`);
    await q.query(`REVOKE ALL ON FUNCTION hub_append_access_log(text[], text[], uuid[], uuid[]) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION hub_append_access_log(text[], text[], uuid[], uuid[]) TO hub_app, hub_security`);
    await q.query(CHAIN(false));
    await q.query(`ALTER FUNCTION hub_access_log_chain(smallint, bigint, int) OWNER TO hub_security`);
    await q.query(`REVOKE ALL ON FUNCTION hub_access_log_chain(smallint, bigint, int) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION hub_access_log_chain(smallint, bigint, int) TO hub_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM hub_eraser`);
    for (const fn of ERASER_CALLS) await q.query(`REVOKE EXECUTE ON FUNCTION ${fn} FROM hub_eraser`);
    // The role itself stays, like hub_app and hub_security: roles belong to the cluster, and another database of it may use it.
    await q.query(`REVOKE USAGE ON SCHEMA public FROM hub_eraser`);
  }
}
