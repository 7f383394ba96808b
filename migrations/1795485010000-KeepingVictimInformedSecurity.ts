import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written, like RowLevelSecurity (TypeORM does not generate policies).
 *
 * 1. contact and victim_involvement hold the lead agency's personal data about
 *    the applicant and victim (a contact's summary, the victim's statement).
 *    hub_app reads them for the partnership's CST, and for the case's panel
 *    members while consent is active (always, for a member of the lead agency
 *    itself): the rule CaseReviewPolicy.seesPersonalData applies to the lead
 *    agency's records. Only the CST writes them, in its own name. A contact is a
 *    record of what happened: never changed or removed (a correction is another
 *    contact); the involvement is replaced, never removed.
 * 2. letter_template and letterhead are a partnership's wording, not personal
 *    data: read by the users of its agencies (and administrators), written by its CST.
 * 3. reminder_sent is the reminder job's own record (it runs as the owner):
 *    hub_app has no access at all.
 */

const CST = `(SELECT hub_cst_partnership_ids())::uuid[]`;
const LEAD_RECORDS_ON_CASE = `EXISTS (SELECT 1 FROM hub_case_scope c
   WHERE c.case_id = %TABLE%.case_id
     AND (c.partnership_id = ANY (${CST})
          OR (c.case_id = ANY ((SELECT hub_panel_case_ids())::uuid[])
              AND (c.consent_active OR EXISTS (SELECT 1 FROM partnership p WHERE p.id = c.partnership_id AND p.lead_agency_id = (SELECT hub_agency_id()))))))`;
const CST_OF_CASE = `EXISTS (SELECT 1 FROM hub_case_scope c WHERE c.case_id = %TABLE%.case_id AND c.partnership_id = ANY (${CST}))`;
const OF_MY_PARTNERSHIPS = `(EXISTS (SELECT 1 FROM partnership_agency pa WHERE pa.partnership_id = %TABLE%.partnership_id AND pa.agency_id = (SELECT hub_agency_id()))
   OR (SELECT hub_has_role('ADMIN')))`;
const CST_OF_PARTNERSHIP = `%TABLE%.partnership_id = ANY (${CST})`;
const MINE = `updated_by_id = hub_user_id()`;

const on = (sql: string, table: string) => sql.replaceAll('%TABLE%', table);

/** [table, policy, command, USING, WITH CHECK] */
const POLICIES: [string, string, string, string | null, string | null][] = [
  ['contact', 'contact_read', 'SELECT', on(LEAD_RECORDS_ON_CASE, 'contact'), null],
  ['contact', 'contact_record', 'INSERT', null, `${on(CST_OF_CASE, 'contact')} AND by_id = hub_user_id()`],
  ['victim_involvement', 'victim_involvement_read', 'SELECT', on(LEAD_RECORDS_ON_CASE, 'victim_involvement'), null],
  ['victim_involvement', 'victim_involvement_insert', 'INSERT', null, `${on(CST_OF_CASE, 'victim_involvement')} AND ${MINE}`],
  ['victim_involvement', 'victim_involvement_update', 'UPDATE', on(CST_OF_CASE, 'victim_involvement'), `${on(CST_OF_CASE, 'victim_involvement')} AND ${MINE}`],
  ['letter_template', 'letter_template_read', 'SELECT', on(OF_MY_PARTNERSHIPS, 'letter_template'), null],
  ['letter_template', 'letter_template_insert', 'INSERT', null, `${on(CST_OF_PARTNERSHIP, 'letter_template')} AND ${MINE}`],
  ['letter_template', 'letter_template_update', 'UPDATE', on(CST_OF_PARTNERSHIP, 'letter_template'), `${on(CST_OF_PARTNERSHIP, 'letter_template')} AND ${MINE}`],
  ['letter_template', 'letter_template_reset', 'DELETE', on(CST_OF_PARTNERSHIP, 'letter_template'), null],
  ['letterhead', 'letterhead_read', 'SELECT', on(OF_MY_PARTNERSHIPS, 'letterhead'), null],
  ['letterhead', 'letterhead_insert', 'INSERT', null, `${on(CST_OF_PARTNERSHIP, 'letterhead')} AND ${MINE}`],
  ['letterhead', 'letterhead_update', 'UPDATE', on(CST_OF_PARTNERSHIP, 'letterhead'), `${on(CST_OF_PARTNERSHIP, 'letterhead')} AND ${MINE}`],
];

const TABLES = ['contact', 'victim_involvement', 'letter_template', 'letterhead', 'reminder_sent'];

export class KeepingVictimInformedSecurity1795485010000 implements MigrationInterface {
  name = 'KeepingVictimInformedSecurity1795485010000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON contact FROM hub_app`);
    await q.query(`REVOKE DELETE, TRUNCATE ON victim_involvement, letterhead FROM hub_app`);
    await q.query(`REVOKE TRUNCATE ON letter_template FROM hub_app`);
    await q.query(`REVOKE ALL ON reminder_sent FROM hub_app`);
    for (const table of TABLES) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      // The owner (migrations, the reminder job, tests' fixtures) keeps full access; hub_app is the one restricted.
      await q.query(`CREATE POLICY ${table}_owner ON ${table} TO CURRENT_USER USING (true) WITH CHECK (true)`);
    }
    for (const [table, name, command, using, check] of POLICIES) {
      await q.query(`CREATE POLICY ${name} ON ${table} FOR ${command} TO hub_app${using ? ` USING (${using})` : ''}${check ? ` WITH CHECK (${check})` : ''}`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const [table, name] of [...POLICIES].reverse()) await q.query(`DROP POLICY ${name} ON ${table}`);
    for (const table of [...TABLES].reverse()) {
      await q.query(`DROP POLICY ${table}_owner ON ${table}`);
      await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON contact, victim_involvement, letter_template, letterhead, reminder_sent TO hub_app`);
  }
}
