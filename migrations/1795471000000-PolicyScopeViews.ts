import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written, like RowLevelSecurity (TypeORM does not generate policies or these views).
 *
 * The benchmark's full case history spent 20 ms of database time on the one
 * statement that reads a case's 40 linked incidents and their reporters (5 ms
 * planning it, 15 executing it). Each policy asked its question through other
 * tables under row-level security, so PostgreSQL applied their policies too,
 * and theirs in turn: the person policy read incident, whose policy read
 * case_incident, whose policy read case_review, each level with its own calls
 * of the helper functions. The same statement now takes about 4 ms.
 *
 * 1. The policies read the case graph through four views owned by hub_security
 *    (which bypasses row-level security): keys and the consent flag only, no
 *    personal data. A view runs with its owner's rights, so a policy's question
 *    stops at one level; each policy states the full rule itself (the one it
 *    used to inherit from the table it read), so who sees what is unchanged.
 *    hub_app may only SELECT them (the default privileges would also have let
 *    it write through them).
 * 2. The helpers answer from the transaction after their first call: what the
 *    caller may see is worked out once per request, not once per policy per
 *    statement. The cache is a transaction-local setting keyed by the caller,
 *    so a transaction that names another caller (hub.user_id) works it out
 *    again, and it ends with the request. A request that makes its caller a
 *    panel member sees that panel's case through the CST rights it needed to
 *    schedule the panel, so nothing a request can change about its own caller
 *    is missed.
 */

const CST = `(SELECT hub_cst_partnership_ids())::uuid[]`;
const PANEL = `(SELECT hub_panel_case_ids())::uuid[]`;
const RESPONDER = `(SELECT hub_has_role('RESPONDER'))`;

/** The case row c is one the caller sees in full: their partnership's CST, or a panel they sit on. */
const FULL_CASE = (c: string) => `(${c}.partnership_id = ANY (${CST}) OR ${c}.case_id = ANY (${PANEL}))`;
/** case_review's own rule: a case seen in full, or one with a request or recommendation to a responder's agency. */
const CASE_SEEN = `(${FULL_CASE('c')} OR (${RESPONDER} AND hub_case_addressed(c.case_id)))`;
/** Addressed to the caller's agency, and the caller answers for it. */
const ADDRESSED = `(agency_id = (SELECT hub_agency_id()) AND ${RESPONDER})`;
const OWN_AGENCY = `agency_id = (SELECT hub_agency_id())`;

const VIEWS: Record<string, string> = {
  hub_case_scope: `SELECT id AS case_id, partnership_id, victim_id, applicant_id, consent_withdrawn_at FROM case_review`,
  hub_case_incident_scope: `SELECT ci.incident_id, ci.case_id, c.partnership_id, c.consent_withdrawn_at
    FROM case_incident ci JOIN case_review c ON c.id = ci.case_id`,
  hub_incident_scope: `SELECT id AS incident_id, agency_id, reporter_id FROM incident`,
  hub_panel_scope: `SELECT p.id AS panel_id, p.case_id, c.partnership_id FROM panel p JOIN case_review c ON c.id = p.case_id`,
};

const FULL_CASE_OF_ROW = (caseId: string) => `EXISTS (SELECT 1 FROM hub_case_scope c WHERE c.case_id = ${caseId} AND ${FULL_CASE('c')})`;
const LINKED_TO_FULL_CASE = (s: string) => `${s}.consent_withdrawn_at IS NULL AND ${FULL_CASE(s)}`;

const POLICIES: Record<string, { using: string; check?: string }> = {
  case_incident: { using: FULL_CASE_OF_ROW('case_incident.case_id') },
  case_event: { using: `EXISTS (SELECT 1 FROM hub_case_scope c WHERE c.case_id = case_event.case_id AND ${CASE_SEEN})` },
  information_request: { using: `${FULL_CASE_OF_ROW('information_request.case_id')} OR ${ADDRESSED}` },
  recommendation: { using: `${FULL_CASE_OF_ROW('recommendation.case_id')} OR ${ADDRESSED}` },
  panel: { using: FULL_CASE_OF_ROW('panel.case_id') },
  // Callers see their own seats first (they see those panels' cases in full anyway): reading them
  // asks nothing of other tables, and a seat given earlier in the same request is seen at once.
  // OFFSET 0 keeps the question per row: without it PostgreSQL may answer it by hashing every
  // panel of every case, a cost that grows with the data.
  panel_member: {
    using: `user_id = (SELECT hub_user_id())
      OR EXISTS (SELECT 1 FROM hub_panel_scope p WHERE p.panel_id = panel_member.panel_id AND ${FULL_CASE('p')} OFFSET 0)`,
  },
  incident: {
    using: `${OWN_AGENCY}
      OR EXISTS (SELECT 1 FROM hub_case_incident_scope s WHERE s.incident_id = incident.id AND ${LINKED_TO_FULL_CASE('s')})
      OR id = ANY ((SELECT hub_all_candidate_incident_ids())::uuid[])`,
    check: OWN_AGENCY,
  },
  incident_revision: {
    using: `EXISTS (SELECT 1 FROM hub_incident_scope i WHERE i.incident_id = incident_revision.incident_id AND i.agency_id = (SELECT hub_agency_id()))`,
  },
  person: {
    // Victim and applicant as two index probes (case_review_victim, case_review_applicant), not one OR.
    using: `${OWN_AGENCY}
      OR EXISTS (SELECT 1 FROM hub_case_scope c WHERE c.victim_id = person.id AND c.consent_withdrawn_at IS NULL AND ${CASE_SEEN})
      OR EXISTS (SELECT 1 FROM hub_case_scope c WHERE c.applicant_id = person.id AND c.consent_withdrawn_at IS NULL AND ${FULL_CASE('c')})
      OR EXISTS (SELECT 1 FROM hub_incident_scope i JOIN hub_case_incident_scope s ON s.incident_id = i.incident_id
                  WHERE i.reporter_id = person.id AND ${LINKED_TO_FULL_CASE('s')})
      OR EXISTS (SELECT 1 FROM hub_incident_scope i
                  WHERE i.reporter_id = person.id AND i.incident_id = ANY ((SELECT hub_all_candidate_incident_ids())::uuid[]))`,
    check: OWN_AGENCY,
  },
};

/** CaseWalkingPolicies' forms (and RowLevelSecurity's for case_event, panel_member, incident_revision), for down(). */
const OLD_FULL_CASE_ROW = `(c.partnership_id = ANY (${CST}) OR c.id = ANY (${PANEL}))`;
const OLD_FULL_CASE_OF_ROW = `EXISTS (SELECT 1 FROM case_review c WHERE c.id = case_id AND ${OLD_FULL_CASE_ROW})`;
const OLD_POLICIES: Record<string, { using: string; check?: string }> = {
  case_incident: { using: OLD_FULL_CASE_OF_ROW },
  case_event: { using: `EXISTS (SELECT 1 FROM case_review c WHERE c.id = case_id)` },
  information_request: { using: `${OLD_FULL_CASE_OF_ROW} OR ${ADDRESSED}` },
  recommendation: { using: `${OLD_FULL_CASE_OF_ROW} OR ${ADDRESSED}` },
  panel: { using: OLD_FULL_CASE_OF_ROW },
  panel_member: { using: `EXISTS (SELECT 1 FROM panel p WHERE p.id = panel_id)` },
  incident: {
    using: `${OWN_AGENCY}
      OR EXISTS (SELECT 1 FROM case_incident ci JOIN case_review c ON c.id = ci.case_id
                  WHERE ci.incident_id = incident.id AND c.consent_withdrawn_at IS NULL AND ${OLD_FULL_CASE_ROW})
      OR id = ANY ((SELECT hub_all_candidate_incident_ids())::uuid[])`,
    check: OWN_AGENCY,
  },
  incident_revision: { using: `EXISTS (SELECT 1 FROM incident i WHERE i.id = incident_id AND i.agency_id = (SELECT hub_agency_id()))` },
  person: {
    using: `${OWN_AGENCY}
      OR EXISTS (SELECT 1 FROM case_review c WHERE c.victim_id = person.id AND c.consent_withdrawn_at IS NULL)
      OR EXISTS (SELECT 1 FROM case_review c WHERE c.applicant_id = person.id AND c.consent_withdrawn_at IS NULL AND ${OLD_FULL_CASE_ROW})
      OR EXISTS (SELECT 1 FROM incident i JOIN case_incident ci ON ci.incident_id = i.id JOIN case_review c ON c.id = ci.case_id
                  WHERE i.reporter_id = person.id AND c.consent_withdrawn_at IS NULL AND ${OLD_FULL_CASE_ROW})
      OR EXISTS (SELECT 1 FROM incident i WHERE i.reporter_id = person.id AND i.id = ANY ((SELECT hub_all_candidate_incident_ids())::uuid[]))`,
    check: OWN_AGENCY,
  },
};

/*
 * The helpers: [signature, return type, cache setting, how the value is worked out].
 * The cached text is "<caller id>|<value>"; a different caller works it out again.
 */
const HELPERS: [signature: string, returns: string, setting: string, body: string][] = [
  ['hub_agency_id()', 'uuid', 'hub.cache_agency_id', `SELECT agency_id FROM app_user WHERE id = caller`],
  ['hub_caller_roles()', 'text[]', 'hub.cache_roles', `SELECT coalesce((SELECT roles::text[] FROM app_user WHERE id = caller), '{}')`],
  ['hub_cst_partnership_ids()', 'uuid[]', 'hub.cache_cst_partnership_ids',
    `SELECT coalesce(array_agg(p.id), '{}') FROM app_user u JOIN partnership p ON p.lead_agency_id = u.agency_id
      WHERE u.id = caller AND 'CST_OFFICER' = ANY (u.roles::text[])`],
  ['hub_panel_case_ids()', 'uuid[]', 'hub.cache_panel_case_ids',
    `SELECT coalesce(array_agg(DISTINCT p.case_id), '{}') FROM panel_member m JOIN panel p ON p.id = m.panel_id
       JOIN app_user u ON u.id = m.user_id
      WHERE m.user_id = caller AND 'PANEL_MEMBER' = ANY (u.roles::text[])`],
];

/** The CaseWalkingPolicies bodies, for down(): the same questions, asked of hub_user_id() at every call. */
const OLD_HELPERS: [signature: string, returns: string, body: string][] = [
  ...HELPERS.filter(([signature]) => signature !== 'hub_caller_roles()')
    .map(([signature, returns, , body]): [string, string, string] => [signature, returns, body.replace(/\bcaller\b/g, 'hub_user_id()')]),
  ['hub_has_role(wanted text)', 'boolean', `SELECT coalesce((SELECT wanted = ANY (roles::text[]) FROM app_user WHERE id = hub_user_id()), false)`],
];

const DEFINER = `LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp`;

async function ownAndGrant(q: QueryRunner, signature: string): Promise<void> {
  const types = signature.replace(/\(([^)]*)\)/, (_m, params: string) =>
    `(${params.split(',').map((p) => p.trim().split(/\s+/).pop()).filter(Boolean).join(', ')})`);
  await q.query(`ALTER FUNCTION ${types} OWNER TO hub_security`);
  await q.query(`REVOKE ALL ON FUNCTION ${types} FROM PUBLIC`);
  await q.query(`GRANT EXECUTE ON FUNCTION ${types} TO hub_app, hub_security`);
}

async function replacePolicies(q: QueryRunner, policies: Record<string, { using: string; check?: string }>): Promise<void> {
  for (const [table, { using, check = using }] of Object.entries(policies)) {
    await q.query(`DROP POLICY ${table}_hub_app ON ${table}`);
    await q.query(`CREATE POLICY ${table}_hub_app ON ${table} FOR ALL TO hub_app USING (${using}) WITH CHECK (${check})`);
  }
}

export class PolicyScopeViews1795471000000 implements MigrationInterface {
  name = 'PolicyScopeViews1795471000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const [view, body] of Object.entries(VIEWS)) {
      await q.query(`CREATE VIEW ${view} AS ${body}`);
      await q.query(`ALTER VIEW ${view} OWNER TO hub_security`);
      await q.query(`REVOKE ALL ON ${view} FROM PUBLIC, hub_app`);
      await q.query(`GRANT SELECT ON ${view} TO hub_app`);
    }
    for (const [signature, returns, setting, body] of HELPERS) {
      await q.query(`CREATE OR REPLACE FUNCTION ${signature} RETURNS ${returns} ${DEFINER} AS $$
        DECLARE
          caller uuid := hub_user_id();
          cached text := current_setting('${setting}', true);
          answer ${returns};
        BEGIN
          IF caller IS NULL THEN RETURN (${body}); END IF;
          IF cached LIKE caller::text || '|%' THEN
            RETURN nullif(substr(cached, 38), '')::${returns};
          END IF;
          answer := (${body});
          PERFORM set_config('${setting}', caller::text || '|' || coalesce(answer::text, ''), true);
          RETURN answer;
        END $$`);
      await ownAndGrant(q, signature);
    }
    await q.query(`CREATE OR REPLACE FUNCTION hub_has_role(wanted text) RETURNS boolean ${DEFINER}
      AS $$ BEGIN RETURN wanted = ANY (hub_caller_roles()); END $$`);
    await replacePolicies(q, POLICIES);
  }

  public async down(q: QueryRunner): Promise<void> {
    await replacePolicies(q, OLD_POLICIES);
    for (const [signature, returns, body] of OLD_HELPERS) {
      await q.query(`CREATE OR REPLACE FUNCTION ${signature} RETURNS ${returns} ${DEFINER} AS $$ BEGIN RETURN (${body}); END $$`);
    }
    await q.query(`DROP FUNCTION hub_caller_roles()`);
    for (const view of Object.keys(VIEWS)) await q.query(`DROP VIEW ${view}`);
  }
}
