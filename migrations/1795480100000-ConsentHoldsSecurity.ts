import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written (TypeORM does not generate functions, views, triggers or policies).
 *
 * Issue 11, "Consent that holds" (DOMAIN.md): the database says the same as the
 * application about
 *  - links: a case may link only its victim's records (the matching rule), the
 *    records the applicant named (reference among the reported incidents, agency
 *    of the partnership) or those the owning agency attached to its answer to an
 *    information request; links made before this migration stay;
 *  - consent: a withdrawal is recorded against the person within the partnership
 *    (consent_withdrawal, carried over here from the cases withdrawn so far); a
 *    later case of that person starts awaiting confirmation, and consent is not
 *    active while it waits: no candidates, no links, no other agency's data;
 *  - panels: seats go to users of the partnership's agencies, or (as chair only)
 *    to independent chairs the administrator registered with the partnership;
 *  - the access log: an auditor reads the entries about cases of their agency's
 *    partnerships, and the entries without a case made by users of those
 *    partnerships' agencies; verification still walks the whole chain, through a
 *    function that discloses nothing but the chain's own content to auditors.
 */

const CST = `(SELECT hub_cst_partnership_ids())::uuid[]`;
const PANEL = `(SELECT hub_panel_case_ids())::uuid[]`;
const RESPONDER = `(SELECT hub_has_role('RESPONDER'))`;
const FULL_CASE = (c: string) => `(${c}.partnership_id = ANY (${CST}) OR ${c}.case_id = ANY (${PANEL}))`;
const CASE_SEEN = `(${FULL_CASE('c')} OR (${RESPONDER} AND hub_case_addressed(c.case_id)))`;
const OWN_AGENCY = `agency_id = (SELECT hub_agency_id())`;
const FULL_CASE_OF_ROW = (caseId: string) => `EXISTS (SELECT 1 FROM hub_case_scope c WHERE c.case_id = ${caseId} AND ${FULL_CASE('c')})`;

/** Consent is active when it was not withdrawn and does not await a second officer's confirmation. */
const CONSENT_ACTIVE = (c: string) => `(${c}.consent_withdrawn_at IS NULL AND NOT ${c}.consent_awaiting_confirmation)`;

/** The policy views of PolicyScopeViews, with consent_active appended (CREATE OR REPLACE VIEW may only add columns at the end). */
const VIEWS: Record<string, [now: string]> = {
  hub_case_scope: [
    `SELECT id AS case_id, partnership_id, victim_id, applicant_id, consent_withdrawn_at, ${CONSENT_ACTIVE('case_review')} AS consent_active FROM case_review`,
  ],
  hub_case_incident_scope: [
    `SELECT ci.incident_id, ci.case_id, c.partnership_id, c.consent_withdrawn_at, ${CONSENT_ACTIVE('c')} AS consent_active
       FROM case_incident ci JOIN case_review c ON c.id = ci.case_id`,
  ],
};

const LINKED_TO_FULL_CASE = (s: string, consent: 'consent_active' | 'consent_withdrawn_at IS NULL') => `${s}.${consent} AND ${FULL_CASE(s)}`;

const incidentPolicy = (consent: 'consent_active' | 'consent_withdrawn_at IS NULL') => ({
  using: `${OWN_AGENCY}
      OR EXISTS (SELECT 1 FROM hub_case_incident_scope s WHERE s.incident_id = incident.id AND ${LINKED_TO_FULL_CASE('s', consent)})
      OR id = ANY ((SELECT hub_all_candidate_incident_ids())::uuid[])`,
  check: OWN_AGENCY,
});
const personPolicy = (consent: 'consent_active' | 'consent_withdrawn_at IS NULL') => ({
  using: `${OWN_AGENCY}
      OR EXISTS (SELECT 1 FROM hub_case_scope c WHERE c.victim_id = person.id AND c.${consent} AND ${CASE_SEEN})
      OR EXISTS (SELECT 1 FROM hub_case_scope c WHERE c.applicant_id = person.id AND c.${consent} AND ${FULL_CASE('c')})
      OR EXISTS (SELECT 1 FROM hub_incident_scope i JOIN hub_case_incident_scope s ON s.incident_id = i.incident_id
                  WHERE i.reporter_id = person.id AND ${LINKED_TO_FULL_CASE('s', consent)})
      OR EXISTS (SELECT 1 FROM hub_incident_scope i
                  WHERE i.reporter_id = person.id AND i.incident_id = ANY ((SELECT hub_all_candidate_incident_ids())::uuid[]))`,
  check: OWN_AGENCY,
});

const CASE_INCIDENT_USING = FULL_CASE_OF_ROW('case_incident.case_id');
const PANEL_MEMBER_USING = `user_id = (SELECT hub_user_id())
      OR EXISTS (SELECT 1 FROM hub_panel_scope p WHERE p.panel_id = panel_member.panel_id AND ${FULL_CASE('p')} OFFSET 0)`;

const POLICIES: Record<string, { using: string; check?: string }> = {
  incident: incidentPolicy('consent_active'),
  person: personPolicy('consent_active'),
  // A new link only to a record the case may link (hub_linkable_incident_ids asks as the case's CST).
  case_incident: {
    using: CASE_INCIDENT_USING,
    check: `${CASE_INCIDENT_USING} AND case_incident.incident_id = ANY (hub_linkable_incident_ids(case_incident.case_id, ARRAY[case_incident.incident_id]))`,
  },
  // A seat only for a user the partnership may seat.
  panel_member: {
    using: PANEL_MEMBER_USING,
    check: `(${PANEL_MEMBER_USING}) AND hub_panel_seat_allowed(panel_member.panel_id, panel_member.user_id, panel_member.is_chair)`,
  },
};
const OLD_POLICIES: Record<string, { using: string; check?: string }> = {
  incident: incidentPolicy('consent_withdrawn_at IS NULL'),
  person: personPolicy('consent_withdrawn_at IS NULL'),
  case_incident: { using: CASE_INCIDENT_USING },
  panel_member: { using: PANEL_MEMBER_USING },
};

const AUDIT_PARTNERSHIPS = `(SELECT hub_audit_partnership_ids())::uuid[]`;
const ACCESS_LOG_READ = `(SELECT hub_has_role('AUDITOR')) AND CASE
      WHEN access_log.case_id IS NOT NULL
        THEN EXISTS (SELECT 1 FROM hub_case_scope c WHERE c.case_id = access_log.case_id AND c.partnership_id = ANY (${AUDIT_PARTNERSHIPS}))
      ELSE EXISTS (SELECT 1 FROM app_user u JOIN partnership_agency pa ON pa.agency_id = u.agency_id
                    WHERE u.id = access_log.actor_id AND pa.partnership_id = ANY (${AUDIT_PARTNERSHIPS}))
    END`;

/** The candidate search of RowLevelSecurity, for one case or all of the caller's; consent must be active (not awaiting). */
const candidates = (oneCase: boolean, consent: string) => `SELECT coalesce(array_agg(i.id ORDER BY i.reported_at DESC, i.id DESC), '{}')
     FROM case_review c
     JOIN person v ON v.id = c.victim_id
     JOIN partnership_agency pa ON pa.partnership_id = c.partnership_id
     JOIN incident i ON i.agency_id = pa.agency_id
     JOIN person r ON r.id = i.reporter_id
    WHERE ${oneCase ? 'c.id = for_case' : 'true'}
      AND ${consent}
      AND c.partnership_id = ANY (hub_cst_partnership_ids())
      AND r.name_key = v.name_key
      AND (r.date_of_birth = v.date_of_birth OR r.postcode_key = v.postcode_key)
      AND NOT EXISTS (SELECT 1 FROM case_incident ci WHERE ci.case_id = c.id AND ci.incident_id = i.id)`;

/**
 * The record's reporter is a person who withdrew consent in the partnership (the matching rule
 * against consent_withdrawal): their records reach a case only as its victim's own (rule a),
 * never because another case's applicant named their reference or an agency attached them.
 */
const WITHDRAWN_REPORTER = (i: string, partnershipId: string) => `EXISTS (SELECT 1 FROM person r JOIN consent_withdrawal w
      ON w.partnership_id = ${partnershipId} AND w.name_key = r.name_key AND (w.date_of_birth = r.date_of_birth OR w.postcode_key = r.postcode_key)
   WHERE r.id = ${i}.reporter_id)`;

const SQL_DEFINER = `LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp`;
const PLPGSQL_DEFINER = `LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp`;

const NEW_FUNCTIONS = [
  'hub_audit_partnership_ids()',
  'hub_panel_seat_allowed(uuid, uuid, boolean)',
  'hub_attach_incidents(uuid, uuid[])',
  'hub_access_log_chain(smallint, bigint, int)',
  'hub_case_consent_awaits()',
];

async function own(q: QueryRunner, types: string, grantTo = 'hub_app, hub_security'): Promise<void> {
  await q.query(`ALTER FUNCTION ${types} OWNER TO hub_security`);
  await q.query(`REVOKE ALL ON FUNCTION ${types} FROM PUBLIC`);
  await q.query(`GRANT EXECUTE ON FUNCTION ${types} TO ${grantTo}`);
}

async function replacePolicies(q: QueryRunner, policies: Record<string, { using: string; check?: string }>): Promise<void> {
  for (const [table, { using, check = using }] of Object.entries(policies)) {
    await q.query(`DROP POLICY ${table}_hub_app ON ${table}`);
    await q.query(`CREATE POLICY ${table}_hub_app ON ${table} FOR ALL TO hub_app USING (${using}) WITH CHECK (${check})`);
  }
}

export class ConsentHoldsSecurity1795480100000 implements MigrationInterface {
  name = 'ConsentHoldsSecurity1795480100000';

  public async up(q: QueryRunner): Promise<void> {
    // Withdrawals made so far now belong to their person too: a new application for them waits for confirmation.
    // The victim's keys, and those of the linked records' reporters who are the victim by the matching
    // rule (recordWithdrawal in src/modules/case-review/consent.ts does the same from now on).
    await q.query(`INSERT INTO consent_withdrawal (partnership_id, case_id, name_key, date_of_birth, postcode_key, withdrawn_at, recorded_by_id)
      SELECT k.partnership_id, k.case_id, k.name_key, k.date_of_birth, k.postcode_key, k.withdrawn_at,
             (SELECT e.actor_id FROM case_event e WHERE e.case_id = k.case_id AND e.type = 'CONSENT_WITHDRAWN' ORDER BY e.at DESC LIMIT 1)
        FROM (
          SELECT c.partnership_id, c.id AS case_id, v.name_key, v.date_of_birth, v.postcode_key, c.consent_withdrawn_at AS withdrawn_at
            FROM case_review c JOIN person v ON v.id = c.victim_id
           WHERE c.consent_withdrawn_at IS NOT NULL
          UNION
          SELECT c.partnership_id, c.id, r.name_key, r.date_of_birth, r.postcode_key, c.consent_withdrawn_at
            FROM case_review c JOIN person v ON v.id = c.victim_id
            JOIN case_incident ci ON ci.case_id = c.id JOIN incident i ON i.id = ci.incident_id JOIN person r ON r.id = i.reporter_id
           WHERE c.consent_withdrawn_at IS NOT NULL
             AND r.name_key = v.name_key AND (r.date_of_birth = v.date_of_birth OR r.postcode_key = v.postcode_key)) k`);

    // The person keys of withdrawals: the partnership's CST reads and records them, nobody else.
    await q.query(`ALTER TABLE consent_withdrawal ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE consent_withdrawal FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY consent_withdrawal_owner ON consent_withdrawal TO CURRENT_USER USING (true) WITH CHECK (true)`);
    await q.query(`CREATE POLICY consent_withdrawal_hub_app ON consent_withdrawal FOR ALL TO hub_app
      USING (partnership_id = ANY (${CST})) WITH CHECK (partnership_id = ANY (${CST}))`);

    for (const [view, [body]] of Object.entries(VIEWS)) await q.query(`CREATE OR REPLACE VIEW ${view} AS ${body}`);

    // Same signatures as before: owner and grants stay.
    await q.query(`CREATE OR REPLACE FUNCTION hub_all_candidate_incident_ids() RETURNS uuid[] ${SQL_DEFINER}
      AS $$ ${candidates(false, CONSENT_ACTIVE('c'))} $$`);
    await q.query(`CREATE OR REPLACE FUNCTION hub_candidate_incident_ids(for_case uuid) RETURNS uuid[] ${SQL_DEFINER}
      AS $$ ${candidates(true, CONSENT_ACTIVE('c'))} $$`);
    // What a case may link (DOMAIN.md, "Consent that holds"), asked by the case's CST: its victim's
    // records, the records the applicant named, the records the owning agency attached to an answer;
    // and what is linked already (links made before these rules stay, and re-linking them changes nothing).
    await q.query(`CREATE OR REPLACE FUNCTION hub_linkable_incident_ids(for_case uuid, ids uuid[]) RETURNS uuid[] ${SQL_DEFINER} AS $$
      SELECT coalesce(array_agg(i.id), '{}')
        FROM case_review c
        JOIN partnership_agency pa ON pa.partnership_id = c.partnership_id
        JOIN incident i ON i.agency_id = pa.agency_id
       WHERE c.id = for_case AND c.partnership_id = ANY (hub_cst_partnership_ids()) AND i.id = ANY (ids)
         AND (EXISTS (SELECT 1 FROM case_incident ci WHERE ci.case_id = c.id AND ci.incident_id = i.id)
              OR (${CONSENT_ACTIVE('c')} AND (
                   EXISTS (SELECT 1 FROM person v JOIN person r ON r.id = i.reporter_id
                            WHERE v.id = c.victim_id AND r.name_key = v.name_key
                              AND (r.date_of_birth = v.date_of_birth OR r.postcode_key = v.postcode_key))
                OR (NOT ${WITHDRAWN_REPORTER('i', 'c.partnership_id')} AND (
                     EXISTS (SELECT 1 FROM jsonb_array_elements(c.reported_incidents) ri
                              WHERE nullif(upper(btrim(ri->>'reportedToReference')), '') = upper(btrim(i.reference)))
                  OR EXISTS (SELECT 1 FROM information_request ir
                              WHERE ir.case_id = c.id AND ir.agency_id = i.agency_id AND i.id = ANY (ir.attached_incident_ids)))))))
    $$`);

    // The partnerships whose log an auditor reads: those their agency belongs to.
    await q.query(`CREATE FUNCTION hub_audit_partnership_ids() RETURNS uuid[] ${PLPGSQL_DEFINER} AS $$ BEGIN RETURN (
      SELECT coalesce(array_agg(pa.partnership_id), '{}') FROM app_user u JOIN partnership_agency pa ON pa.agency_id = u.agency_id
       WHERE u.id = hub_user_id() AND 'AUDITOR' = ANY (u.roles::text[])); END $$`);
    await own(q, 'hub_audit_partnership_ids()');

    // A panel seat: a PANEL_MEMBER of one of the case's partnership's agencies, or, as chair only,
    // an independent chair the administrator registered with that partnership.
    await q.query(`CREATE FUNCTION hub_panel_seat_allowed(for_panel uuid, for_user uuid, as_chair boolean) RETURNS boolean ${PLPGSQL_DEFINER} AS $$ BEGIN RETURN EXISTS (
      SELECT 1 FROM panel p JOIN case_review c ON c.id = p.case_id JOIN app_user u ON u.id = for_user
       WHERE p.id = for_panel AND 'PANEL_MEMBER' = ANY (u.roles::text[])
         AND (EXISTS (SELECT 1 FROM partnership_agency pa WHERE pa.partnership_id = c.partnership_id AND pa.agency_id = u.agency_id)
              OR (as_chair AND EXISTS (SELECT 1 FROM partnership_independent_chair x
                                        WHERE x.partnership_id = c.partnership_id AND x.user_id = for_user)))); END $$`);
    await own(q, 'hub_panel_seat_allowed(uuid, uuid, boolean)');

    // A responder attaches its own agency's records to its answer: they are linked to the case
    // (the responder cannot otherwise write the case's links). All of them or none: the ids
    // accepted come back, and when some were not accepted nothing is written.
    await q.query(`GRANT INSERT ON case_incident TO hub_security`);
    await q.query(`GRANT UPDATE (attached_incident_ids) ON information_request TO hub_security`);
    await q.query(`CREATE FUNCTION hub_attach_incidents(for_request uuid, ids uuid[]) RETURNS uuid[]
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        req information_request;
        accepted uuid[];
      BEGIN
        SELECT * INTO req FROM information_request r WHERE r.id = for_request;
        IF NOT FOUND OR NOT hub_has_role('RESPONDER') OR req.agency_id IS DISTINCT FROM hub_agency_id() THEN RETURN '{}'; END IF;
        SELECT coalesce(array_agg(i.id), '{}') INTO accepted
          FROM incident i JOIN case_review c ON c.id = req.case_id
         WHERE i.id = ANY (ids) AND i.agency_id = req.agency_id AND ${CONSENT_ACTIVE('c')} AND NOT ${WITHDRAWN_REPORTER('i', 'c.partnership_id')}
           AND EXISTS (SELECT 1 FROM partnership_agency pa WHERE pa.partnership_id = c.partnership_id AND pa.agency_id = i.agency_id);
        IF cardinality(accepted) < (SELECT count(DISTINCT x) FROM unnest(ids) x) THEN RETURN accepted; END IF;
        UPDATE information_request r SET attached_incident_ids = ARRAY(SELECT DISTINCT x FROM unnest(r.attached_incident_ids || accepted) x)
         WHERE r.id = for_request;
        INSERT INTO case_incident (case_id, incident_id, linked_by_id)
        SELECT req.case_id, x, hub_user_id() FROM unnest(accepted) x ON CONFLICT DO NOTHING;
        RETURN accepted;
      END $$`);
    await own(q, 'hub_attach_incidents(uuid, uuid[])', 'hub_app');

    // verifyAccessLog checks the whole chain, though the auditor reads only their partnerships' entries:
    // the chain's rows, in lane and id order, for auditors only; the hub answers with ok, a count and an id.
    await q.query(`CREATE FUNCTION hub_access_log_chain(after_lane smallint, after_id bigint, lim int)
      RETURNS TABLE (lane smallint, id bigint, at text, actor_id uuid, action text, entity text, entity_id uuid, case_id uuid, hash text)
      ${PLPGSQL_DEFINER} AS $$
      BEGIN
        IF NOT hub_has_role('AUDITOR') THEN RETURN; END IF;
        RETURN QUERY SELECT l.lane, l.id, to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), l.actor_id, l.action, l.entity,
                            l.entity_id, l.case_id, l.hash
          FROM access_log l WHERE (l.lane, l.id) > (after_lane, after_id) ORDER BY l.lane, l.id LIMIT lim;
      END $$`);
    await own(q, 'hub_access_log_chain(smallint, bigint, int)', 'hub_app');

    // An auditor's case: reference and status of their partnerships' cases only; consent no more.
    await q.query(`CREATE OR REPLACE FUNCTION hub_case_references(ids uuid[])
      RETURNS TABLE (id uuid, partnership_id uuid, reference text, status text, received_at timestamptz, channel text, relationship text,
                     consent_given_at timestamptz, consent_channel text, consent_withdrawn_at timestamptz, version int) ${SQL_DEFINER} AS $$
      SELECT c.id, c.partnership_id, c.reference, c.status::text, c.received_at, c.channel::text, c.relationship::text,
             NULL::timestamptz, NULL::text, NULL::timestamptz, c.version
        FROM case_review c WHERE c.id = ANY (ids) AND hub_has_role('AUDITOR') AND c.partnership_id = ANY (hub_audit_partnership_ids())
    $$`);

    // A new case whose victim withdrew consent in the partnership waits for confirmation, whoever inserts it.
    await q.query(`CREATE FUNCTION hub_case_consent_awaits() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM person v JOIN consent_withdrawal w
                     ON w.partnership_id = NEW.partnership_id AND w.name_key = v.name_key
                    AND (w.date_of_birth = v.date_of_birth OR w.postcode_key = v.postcode_key)
                    WHERE v.id = NEW.victim_id) THEN
          NEW.consent_awaiting_confirmation := true;
        END IF;
        RETURN NEW;
      END $$`);
    await own(q, 'hub_case_consent_awaits()');
    await q.query(`CREATE TRIGGER case_review_consent_awaits BEFORE INSERT ON case_review FOR EACH ROW EXECUTE FUNCTION hub_case_consent_awaits()`);

    await replacePolicies(q, POLICIES);
    await q.query(`DROP POLICY access_log_read ON access_log`);
    await q.query(`CREATE POLICY access_log_read ON access_log FOR SELECT TO hub_app USING (${ACCESS_LOG_READ})`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY access_log_read ON access_log`);
    await q.query(`CREATE POLICY access_log_read ON access_log FOR SELECT TO hub_app USING ((SELECT hub_has_role('AUDITOR')))`);
    await replacePolicies(q, OLD_POLICIES);
    await q.query(`DROP TRIGGER case_review_consent_awaits ON case_review`);
    await q.query(`CREATE OR REPLACE FUNCTION hub_case_references(ids uuid[])
      RETURNS TABLE (id uuid, partnership_id uuid, reference text, status text, received_at timestamptz, channel text, relationship text,
                     consent_given_at timestamptz, consent_channel text, consent_withdrawn_at timestamptz, version int) ${SQL_DEFINER} AS $$
      SELECT c.id, c.partnership_id, c.reference, c.status::text, c.received_at, c.channel::text, c.relationship::text,
             c.consent_given_at, c.consent_channel::text, c.consent_withdrawn_at, c.version
        FROM case_review c WHERE c.id = ANY (ids) AND hub_has_role('AUDITOR')
    $$`);
    await q.query(`CREATE OR REPLACE FUNCTION hub_linkable_incident_ids(for_case uuid, ids uuid[]) RETURNS uuid[] ${SQL_DEFINER} AS $$
      SELECT coalesce(array_agg(i.id), '{}')
        FROM case_review c
        JOIN partnership_agency pa ON pa.partnership_id = c.partnership_id
        JOIN incident i ON i.agency_id = pa.agency_id
       WHERE c.id = for_case AND c.partnership_id = ANY (hub_cst_partnership_ids()) AND i.id = ANY (ids)
    $$`);
    await q.query(`CREATE OR REPLACE FUNCTION hub_all_candidate_incident_ids() RETURNS uuid[] ${SQL_DEFINER}
      AS $$ ${candidates(false, 'c.consent_withdrawn_at IS NULL')} $$`);
    await q.query(`CREATE OR REPLACE FUNCTION hub_candidate_incident_ids(for_case uuid) RETURNS uuid[] ${SQL_DEFINER}
      AS $$ ${candidates(true, 'c.consent_withdrawn_at IS NULL')} $$`);
    for (const fn of NEW_FUNCTIONS) await q.query(`DROP FUNCTION ${fn}`);
    await q.query(`REVOKE UPDATE (attached_incident_ids) ON information_request FROM hub_security`);
    await q.query(`REVOKE INSERT ON case_incident FROM hub_security`);
    // A view loses a column only by being built again, with every policy that reads it: the views keep
    // consent_active (the old policies ignore it), now without the column ConsentHolds' down() drops.
    for (const [view, [body]] of Object.entries(VIEWS)) {
      await q.query(`CREATE OR REPLACE VIEW ${view} AS ${body.replace(/\(([a-z_]+)\.consent_withdrawn_at IS NULL AND NOT [a-z_]+\.consent_awaiting_confirmation\)/, '($1.consent_withdrawn_at IS NULL)')}`);
    }
    await q.query(`DROP POLICY consent_withdrawal_hub_app ON consent_withdrawal`);
    await q.query(`DROP POLICY consent_withdrawal_owner ON consent_withdrawal`);
    await q.query(`ALTER TABLE consent_withdrawal NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE consent_withdrawal DISABLE ROW LEVEL SECURITY`);
    await q.query(`DELETE FROM consent_withdrawal`);
  }
}
