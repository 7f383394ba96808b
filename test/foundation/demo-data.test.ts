import pino from 'pino';
import { seedDemoData } from '../../src/demo/demo-data';
import { createContext } from '../../src/graphql/context';
import { loadActor } from '../../src/modules/user/actor.loader';
import { ensureBootstrapAdmin } from '../../src/modules/user/bootstrap-admin';
import { freshDatabase } from '../support/fresh-database';
import { londonToday } from '../../src/common/clock';
import { workingDaysSince } from '../../src/common/working-days';
import { currentYear } from '../../src/modules/statistics/periods';
import { ATTENDS } from '../../src/modules/involvement/panel-attendance';

const thisYear = currentYear('FINANCIAL_YEAR');

describe('demo data for a fresh hub', () => {
  it('seeds a partnership with a user of every role and a case in every status, once', async () => {
    const db = await freshDatabase();
    try {
      // A bootstrap admin created first does not stop the demo from seeding.
      await ensureBootstrapAdmin(db.dataSource, 'first.admin@example.test');
      const demo = await seedDemoData(db.dataSource, 'demo-secret-demo-secret-demo-secret-0000', pino({ level: 'silent' }));
      expect(demo?.users.map((u) => u.roles).flat().sort()).toEqual(
        ['ADMIN', 'AUDITOR', 'CONTRIBUTOR', 'CONTRIBUTOR', 'CONTRIBUTOR', 'CST_OFFICER', 'CST_OFFICER', 'DATA_PROTECTION_OFFICER', 'OVERSIGHT', 'PANEL_MEMBER', 'PANEL_MEMBER', 'RESPONDER', 'RESPONDER', 'RESPONDER'],
      );
      const statuses = await db.dataSource.query('SELECT status::text, count(*)::int AS n FROM case_review GROUP BY 1 ORDER BY 1');
      expect(statuses.map((s: { status: string }) => s.status)).toEqual(
        ['CLOSED', 'IN_REVIEW', 'OUTCOME_SENT', 'PANEL_SCHEDULED', 'RECEIVED', 'REVIEWED', 'SECONDARY_REVIEW', 'THRESHOLD_NOT_MET', 'WITHDRAWN'],
      );
      // A resident who withdrew consent applied again: that case awaits a second officer's confirmation.
      const awaiting = await db.dataSource.query(
        `SELECT c.status::text, c.consent_awaiting_confirmation, c.consent_withdrawn_at IS NULL AS not_withdrawn,
                (SELECT count(*)::int FROM case_incident ci WHERE ci.case_id = c.id) AS links
           FROM case_review c WHERE c.consent_awaiting_confirmation`,
      );
      expect(awaiting).toEqual([{ status: 'RECEIVED', consent_awaiting_confirmation: true, not_withdrawn: true, links: 0 }]);
      const [{ withdrawals }] = await db.dataSource.query('SELECT count(*)::int AS withdrawals FROM consent_withdrawal');
      expect(withdrawals).toBe(1);
      // Every step went through the services: events and access-log entries exist.
      const [{ events }] = await db.dataSource.query('SELECT count(*)::int AS events FROM case_event');
      const [{ writes }] = await db.dataSource.query("SELECT count(*)::int AS writes FROM access_log WHERE action = 'WRITE'");
      expect(events).toBeGreaterThan(30);
      expect(writes).toBeGreaterThan(30);
      // The police contributor has open prompts at repeat reports (and has explained one).
      const prompts = await db.dataSource.query(
        `SELECT a.code, count(*) FILTER (WHERE p.explained_at IS NULL)::int AS open, count(*) FILTER (WHERE p.explained_at IS NOT NULL)::int AS explained
           FROM review_prompt p JOIN agency a ON a.id = p.agency_id GROUP BY a.code ORDER BY a.code`,
      );
      expect(prompts).toContainEqual({ code: 'DEMO-KENT-POLICE', open: 5, explained: 1 });
      // The reviewed cases have risk assessments (one HIGH and late for its reassessment), and the printed case a pack for its chair.
      const risks = await db.dataSource.query(
        `SELECT c.id, c.status::text, array_agg(r.level::text ORDER BY r.version) AS levels, c.risk_high, c.risk_review_due_on < current_date AS late
           FROM risk_assessment r JOIN case_review c ON c.id = r.case_id GROUP BY c.id ORDER BY c.status`,
      );
      expect(risks.map((r: any) => [r.status, r.levels, r.risk_high, r.late])).toEqual([
        ['REVIEWED', ['HIGH'], true, true],
        ['OUTCOME_SENT', ['MEDIUM', 'HIGH'], true, false],
      ]);
      // Keeping the victim informed: a letter of every kind sent (recorded as contacts), and a case overdue.
      const letters = await db.dataSource.query('SELECT DISTINCT letter::text FROM contact WHERE letter IS NOT NULL ORDER BY 1');
      expect(letters.map((l: { letter: string }) => l.letter)).toEqual(['ACKNOWLEDGEMENT', 'CLOSURE', 'DELAY', 'OUTCOME', 'SECONDARY_REVIEW_OUTCOME', 'THRESHOLD_MET', 'THRESHOLD_NOT_MET']);
      const ctx = createContext(db.dataSource, pino({ level: 'silent' }), 'demo-test');
      try {
        const cst = (await loadActor(ctx.db, 'cst@demo.example'))!;
        const overdue = await ctx.services.milestones.overdueCases(cst, cst.leadPartnershipIds[0]);
        expect(overdue.length).toBeGreaterThan(0);
        const [unacknowledged] = await db.dataSource.query(`SELECT c.id FROM case_review c WHERE NOT EXISTS (SELECT 1 FROM contact ct WHERE ct.case_id = c.id) AND c.status = 'RECEIVED' AND NOT c.consent_awaiting_confirmation AND c.received_at < now() - interval '30 days'`);
        expect(overdue.map((c) => c.id)).toContain(unacknowledged.id);
        // The reviewed case's HIGH risk assessment is three weeks old: its reassessment is late, so it is overdue too.
        const [lateRisk] = await db.dataSource.query(`SELECT id FROM case_review WHERE risk_high AND risk_review_due_on < current_date`);
        expect(overdue.map((c) => c.id)).toContain(lateRisk.id);
      } finally {
        await ctx.db.finish(false);
      }
      // Two financial years of figures for the public page: last year's applications all decided, this year's under way.
      const figures: { label: string; received: number; not_met: number; reviewed: number; with_recs: number; victim_attended: number; median_days: number | null }[] = await db.dataSource.query(
        `SELECT r.label, r.received, r.not_met, r.reviewed, r.with_recs, r.victim_attended, r.median_days
           FROM partnership p, hub_case_review_return(p.id, $1::text[], $2::date[], $3::date[], $4::date, $5::int[], $6::text[]) r WHERE p.code = 'DEMO-MEDWAY'`,
        [['last', 'this'], [`${thisYear - 1}-04-01`, `${thisYear}-04-01`], [`${thisYear}-03-31`, `${thisYear + 1}-03-31`], `${thisYear - 1}-04-01`, workingDaysSince(`${thisYear - 1}-04-01`, londonToday()), ATTENDS],
      );
      expect(figures[0]).toEqual({ label: 'last', received: 7, not_met: 2, reviewed: 4, with_recs: 4, victim_attended: 3, median_days: expect.any(Number) });
      expect(figures[1].received).toBeGreaterThanOrEqual(8);
      expect(figures[1].reviewed).toBeGreaterThan(0);

      // The printed case's pack, as its panel chair reads it (a request of the chair's own).
      const chairCtx = createContext(db.dataSource, pino({ level: 'silent' }), 'demo-test-chair');
      try {
        const chair = await loadActor(chairCtx.db, 'chair@demo.example');
        const pack = await chairCtx.services.panelPacks.content(chair!, demo!.caseId);
        expect(pack.view.id).toBe(demo!.caseId);
        expect(pack.chronology.filter((e) => e.kind === 'INCIDENT').length).toBeGreaterThan(0);
        expect(pack.chronology.filter((e) => e.kind === 'RISK_ASSESSMENT').map((e) => e.title)).toEqual([expect.stringContaining('MEDIUM'), expect.stringContaining('HIGH')]);
        expect(pack.timeline.marks.length).toBe(pack.chronology.filter((e) => e.kind === 'INCIDENT').length);
      } finally {
        await chairCtx.db.finish(false);
      }
      expect(await seedDemoData(db.dataSource, 'demo-secret-demo-secret-demo-secret-0000', pino({ level: 'silent' }))).toBeNull();
    } finally {
      await db.drop();
    }
  });
});
