import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written, like RowLevelSecurity (TypeORM does not generate policies).
 *
 * The benchmark (test/bench) showed the first policies checking "a case the
 * caller sees in full" as `case_id IN (SELECT id FROM case_review WHERE
 * partnership_id = ANY (...))`: PostgreSQL builds that set from every case of
 * the partnership, once per statement, and compares each row's case against
 * the panel array again and again inside nested policies. A full case history
 * took seconds at 5,000 cases. Here the same rule walks from the row to its
 * one case by primary key and asks the question of that case alone, so a
 * check costs the same whatever the number of cases; a responder's case is
 * checked by asking whether that case has a request or recommendation for
 * their agency. Who sees what is
 * unchanged (the visibility, matrix and database-alone tests hold it).
 */

const CST = `(SELECT hub_cst_partnership_ids())::uuid[]`;
const PANEL = `(SELECT hub_panel_case_ids())::uuid[]`;

/** The case row c is one the caller sees in full: their partnership's CST, or a panel they sit on. */
const FULL_CASE_ROW = `(c.partnership_id = ANY (${CST}) OR c.id = ANY (${PANEL}))`;

/** The row's case (by its case_id column) is one the caller sees in full. */
const FULL_CASE_OF_ROW = `EXISTS (SELECT 1 FROM case_review c WHERE c.id = case_id AND ${FULL_CASE_ROW})`;

/** Addressed to the caller's agency, and the caller answers for it. */
const ADDRESSED = `(agency_id = (SELECT hub_agency_id()) AND (SELECT hub_has_role('RESPONDER')))`;

const POLICIES: Record<string, { using: string; check?: string }> = {
  // A responder's addressed cases were an array of every case with a request or recommendation to
  // their agency, built per statement and searched per row: now one indexed question per case row.
  case_review: {
    using: `partnership_id = ANY (${CST}) OR id = ANY (${PANEL}) OR ((SELECT hub_has_role('RESPONDER')) AND hub_case_addressed(id))`,
  },
  case_incident: { using: FULL_CASE_OF_ROW },
  information_request: { using: `${FULL_CASE_OF_ROW} OR ${ADDRESSED}` },
  recommendation: { using: `${FULL_CASE_OF_ROW} OR ${ADDRESSED}` },
  panel: { using: FULL_CASE_OF_ROW },
  incident: {
    using: `agency_id = (SELECT hub_agency_id())
      OR EXISTS (SELECT 1 FROM case_incident ci JOIN case_review c ON c.id = ci.case_id
                  WHERE ci.incident_id = incident.id AND c.consent_withdrawn_at IS NULL AND ${FULL_CASE_ROW})
      OR id = ANY ((SELECT hub_all_candidate_incident_ids())::uuid[])`,
    check: `agency_id = (SELECT hub_agency_id())`,
  },
  person: {
    // Victim and applicant as two index probes (case_review_victim, case_review_applicant), not one OR.
    using: `agency_id = (SELECT hub_agency_id())
      OR EXISTS (SELECT 1 FROM case_review c WHERE c.victim_id = person.id AND c.consent_withdrawn_at IS NULL)
      OR EXISTS (SELECT 1 FROM case_review c WHERE c.applicant_id = person.id AND c.consent_withdrawn_at IS NULL AND ${FULL_CASE_ROW})
      OR EXISTS (SELECT 1 FROM incident i JOIN case_incident ci ON ci.incident_id = i.id JOIN case_review c ON c.id = ci.case_id
                  WHERE i.reporter_id = person.id AND c.consent_withdrawn_at IS NULL AND ${FULL_CASE_ROW})
      OR EXISTS (SELECT 1 FROM incident i WHERE i.reporter_id = person.id AND i.id = ANY ((SELECT hub_all_candidate_incident_ids())::uuid[]))`,
    check: `agency_id = (SELECT hub_agency_id())`,
  },
};

/** The RowLevelSecurity migration's forms, for down(). */
const OLD_FULL_CASE = (caseId: string) =>
  `(${caseId} IN (SELECT c.id FROM case_review c WHERE c.partnership_id = ANY (${CST})) OR ${caseId} = ANY (${PANEL}))`;
const OLD_POLICIES: Record<string, { using: string; check?: string }> = {
  case_review: {
    using: `partnership_id = ANY (${CST}) OR id = ANY (${PANEL}) OR id = ANY ((SELECT hub_addressed_case_ids())::uuid[])`,
  },
  case_incident: { using: OLD_FULL_CASE('case_id') },
  information_request: { using: `${OLD_FULL_CASE('case_id')} OR ${ADDRESSED}` },
  recommendation: { using: `${OLD_FULL_CASE('case_id')} OR ${ADDRESSED}` },
  panel: { using: OLD_FULL_CASE('case_id') },
  incident: {
    using: `agency_id = (SELECT hub_agency_id())
      OR EXISTS (SELECT 1 FROM case_incident ci JOIN case_review c ON c.id = ci.case_id
                  WHERE ci.incident_id = incident.id AND c.consent_withdrawn_at IS NULL AND ${OLD_FULL_CASE('c.id')})
      OR id = ANY ((SELECT hub_all_candidate_incident_ids())::uuid[])`,
    check: `agency_id = (SELECT hub_agency_id())`,
  },
  person: {
    using: `agency_id = (SELECT hub_agency_id())
      OR EXISTS (SELECT 1 FROM case_review c
                  WHERE (c.victim_id = person.id OR (c.applicant_id = person.id AND ${OLD_FULL_CASE('c.id')}))
                    AND c.consent_withdrawn_at IS NULL)
      OR EXISTS (SELECT 1 FROM incident i JOIN case_incident ci ON ci.incident_id = i.id JOIN case_review c ON c.id = ci.case_id
                  WHERE i.reporter_id = person.id AND c.consent_withdrawn_at IS NULL AND ${OLD_FULL_CASE('c.id')})
      OR EXISTS (SELECT 1 FROM incident i WHERE i.reporter_id = person.id AND i.id = ANY ((SELECT hub_all_candidate_incident_ids())::uuid[]))`,
    check: `agency_id = (SELECT hub_agency_id())`,
  },
};

/*
 * The helpers every policy calls, as PL/pgSQL: a SQL-language SECURITY DEFINER
 * function is never inlined and (before PostgreSQL 18) planned again at every
 * call, about 0.3 ms each, and one UPDATE under these policies calls a dozen.
 * PL/pgSQL keeps each statement's plan for the session. Same bodies, same
 * owner (hub_security) and grants (CREATE OR REPLACE keeps both).
 */
const HELPERS: [signature: string, returns: string, body: string][] = [
  ['hub_agency_id()', 'uuid', `SELECT agency_id FROM app_user WHERE id = hub_user_id()`],
  ['hub_has_role(wanted text)', 'boolean', `SELECT coalesce((SELECT wanted = ANY (roles::text[]) FROM app_user WHERE id = hub_user_id()), false)`],
  ['hub_cst_partnership_ids()', 'uuid[]',
    `SELECT coalesce(array_agg(p.id), '{}') FROM app_user u JOIN partnership p ON p.lead_agency_id = u.agency_id
      WHERE u.id = hub_user_id() AND 'CST_OFFICER' = ANY (u.roles::text[])`],
  ['hub_panel_case_ids()', 'uuid[]',
    `SELECT coalesce(array_agg(DISTINCT p.case_id), '{}') FROM panel_member m JOIN panel p ON p.id = m.panel_id
       JOIN app_user u ON u.id = m.user_id
      WHERE m.user_id = hub_user_id() AND 'PANEL_MEMBER' = ANY (u.roles::text[])`],
];

async function defineHelpers(q: QueryRunner, language: 'plpgsql' | 'sql'): Promise<void> {
  for (const [signature, returns, body] of HELPERS) {
    await q.query(`CREATE OR REPLACE FUNCTION ${signature} RETURNS ${returns}
      LANGUAGE ${language} STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $$ ${language === 'plpgsql' ? `BEGIN RETURN (${body}); END` : body} $$`);
  }
}

async function replacePolicies(q: QueryRunner, policies: Record<string, { using: string; check?: string }>): Promise<void> {
  for (const [table, { using, check = using }] of Object.entries(policies)) {
    await q.query(`DROP POLICY ${table}_hub_app ON ${table}`);
    await q.query(`CREATE POLICY ${table}_hub_app ON ${table} FOR ALL TO hub_app USING (${using}) WITH CHECK (${check})`);
  }
}

export class CaseWalkingPolicies1795466000000 implements MigrationInterface {
  name = 'CaseWalkingPolicies1795466000000';

  public async up(q: QueryRunner): Promise<void> {
    // Reads requests and recommendations past their own policies (which ask about the case: no recursion).
    await defineHelpers(q, 'plpgsql');
    await q.query(`CREATE FUNCTION hub_case_addressed(for_case uuid) RETURNS boolean
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE my_agency uuid := hub_agency_id();
      BEGIN
        RETURN EXISTS (SELECT 1 FROM recommendation r WHERE r.case_id = for_case AND r.agency_id = my_agency)
            OR EXISTS (SELECT 1 FROM information_request ir WHERE ir.case_id = for_case AND ir.agency_id = my_agency);
      END $$`);
    await q.query(`ALTER FUNCTION hub_case_addressed(uuid) OWNER TO hub_security`);
    await q.query(`REVOKE ALL ON FUNCTION hub_case_addressed(uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION hub_case_addressed(uuid) TO hub_app`);
    await replacePolicies(q, POLICIES);
  }

  public async down(q: QueryRunner): Promise<void> {
    await replacePolicies(q, OLD_POLICIES);
    await q.query(`DROP FUNCTION hub_case_addressed(uuid)`);
    await defineHelpers(q, 'sql');
  }
}
