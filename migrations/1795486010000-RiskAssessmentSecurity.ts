import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written, like RowLevelSecurity (TypeORM does not generate policies, functions or triggers).
 *
 * 1. risk_scheme: a partnership's risk assessment questions, scores and levels. Not
 *    personal: every caller may read it (as they read partnerships); the application
 *    role writes none (no mutation changes a scheme yet).
 * 2. Every partnership has a scheme: DOMAIN.md's default set is seeded for the
 *    partnerships there are, and for each new one by a trigger, whoever inserts it
 *    (createPartnership, the demo, a fixture): hub_seed_risk_scheme runs as
 *    hub_security, so creating a partnership needs no right on risk_scheme.
 * 3. risk_assessment: the answers are personal data (health, vulnerability). hub_app
 *    reads and adds the assessments of cases it sees in full (its partnerships' CST,
 *    the case's panel members), adds them only as itself and for its own agency, and
 *    never changes or deletes one: a reassessment is a new version.
 */

/** DOMAIN.md's default question set, as it stands today (a migration keeps its own copy). */
const DEFAULT_QUESTIONS = [
  { id: 'repeat', question: 'Has the victim reported ASB three or more times in six months?', score: 2, forcesHigh: false },
  { id: 'hate', question: 'Is the behaviour motivated by hostility to a protected characteristic?', score: 3, forcesHigh: false },
  { id: 'violence', question: 'Has there been violence or a threat of violence?', score: 4, forcesHigh: true },
  { id: 'vulnerable', question: 'Does the victim have a disability, illness or other vulnerability?', score: 3, forcesHigh: false },
  { id: 'health', question: "Is the victim's physical or mental health affected?", score: 2, forcesHigh: false },
  { id: 'children', question: 'Are children in the household affected?', score: 2, forcesHigh: false },
  { id: 'home', question: 'Does the victim feel unsafe in or afraid to leave their home?', score: 3, forcesHigh: false },
  { id: 'isolated', question: 'Is the victim isolated, without support from family or friends?', score: 2, forcesHigh: false },
  { id: 'targeted', question: 'Is the victim targeted personally (not general nuisance)?', score: 2, forcesHigh: false },
  { id: 'selfharm', question: 'Has the victim mentioned self-harm or suicide?', score: 5, forcesHigh: true },
];

/** HIGH from 12, MEDIUM from 6; reassess HIGH within 14 days, MEDIUM within 28. */
const DEFAULT_SCHEME = `'${JSON.stringify(DEFAULT_QUESTIONS).replace(/'/g, "''")}'::jsonb, 12, 6, 14, 28`;
const SCHEME_COLUMNS = 'partnership_id, questions, high_from_score, medium_from_score, high_review_days, medium_review_days';

const SEES_CASE = `EXISTS (SELECT 1 FROM hub_case_scope c
  WHERE c.case_id = risk_assessment.case_id
    AND (c.partnership_id = ANY ((SELECT hub_cst_partnership_ids())::uuid[]) OR c.case_id = ANY ((SELECT hub_panel_case_ids())::uuid[])))`;

export class RiskAssessmentSecurity1795486010000 implements MigrationInterface {
  name = 'RiskAssessmentSecurity1795486010000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON risk_scheme FROM hub_app`);
    await q.query(`ALTER TABLE risk_scheme ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE risk_scheme FORCE ROW LEVEL SECURITY`);
    // The owner (migrations, tests' fixtures) keeps full access; hub_app is the one restricted.
    await q.query(`CREATE POLICY risk_scheme_owner ON risk_scheme TO CURRENT_USER USING (true) WITH CHECK (true)`);
    await q.query(`CREATE POLICY risk_scheme_hub_app ON risk_scheme FOR SELECT TO hub_app USING (true)`);

    await q.query(`GRANT INSERT ON risk_scheme TO hub_security`);
    await q.query(`CREATE FUNCTION hub_seed_risk_scheme() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        INSERT INTO risk_scheme (${SCHEME_COLUMNS}) VALUES (NEW.id, ${DEFAULT_SCHEME}) ON CONFLICT (partnership_id) DO NOTHING;
        RETURN NEW;
      END $$`);
    await q.query(`ALTER FUNCTION hub_seed_risk_scheme() OWNER TO hub_security`);
    await q.query(`REVOKE ALL ON FUNCTION hub_seed_risk_scheme() FROM PUBLIC`);
    await q.query(`CREATE TRIGGER partnership_risk_scheme AFTER INSERT ON partnership FOR EACH ROW EXECUTE FUNCTION hub_seed_risk_scheme()`);
    await q.query(`INSERT INTO risk_scheme (${SCHEME_COLUMNS}) SELECT id, ${DEFAULT_SCHEME} FROM partnership ON CONFLICT (partnership_id) DO NOTHING`);

    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON risk_assessment FROM hub_app`);
    await q.query(`ALTER TABLE risk_assessment ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE risk_assessment FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY risk_assessment_owner ON risk_assessment TO CURRENT_USER USING (true) WITH CHECK (true)`);
    await q.query(`CREATE POLICY risk_assessment_hub_app_read ON risk_assessment FOR SELECT TO hub_app USING (${SEES_CASE})`);
    await q.query(`CREATE POLICY risk_assessment_hub_app_add ON risk_assessment FOR INSERT TO hub_app
      WITH CHECK (${SEES_CASE} AND assessed_by_id = (SELECT hub_user_id()) AND agency_id = (SELECT hub_agency_id()))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY risk_assessment_hub_app_add ON risk_assessment`);
    await q.query(`DROP POLICY risk_assessment_hub_app_read ON risk_assessment`);
    await q.query(`DROP POLICY risk_assessment_owner ON risk_assessment`);
    await q.query(`ALTER TABLE risk_assessment NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE risk_assessment DISABLE ROW LEVEL SECURITY`);
    await q.query(`GRANT UPDATE, DELETE, TRUNCATE ON risk_assessment TO hub_app`);
    await q.query(`DROP TRIGGER partnership_risk_scheme ON partnership`);
    await q.query(`DROP FUNCTION hub_seed_risk_scheme()`);
    await q.query(`REVOKE INSERT ON risk_scheme FROM hub_security`);
    await q.query(`DROP POLICY risk_scheme_hub_app ON risk_scheme`);
    await q.query(`DROP POLICY risk_scheme_owner ON risk_scheme`);
    await q.query(`ALTER TABLE risk_scheme NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE risk_scheme DISABLE ROW LEVEL SECURITY`);
    await q.query(`GRANT INSERT, UPDATE, DELETE, TRUNCATE ON risk_scheme TO hub_app`);
  }
}
