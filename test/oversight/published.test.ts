import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { CaseReviewReturnDocument, RecordIncidentsDocument, RequestInformationDocument, RespondToInformationRequestDocument } from '../generated/graphql';
import { ensureBuilt, ROOT } from '../support/compiled-hub';
import { unique } from '../support/factories';
import { startTestHub, TEST_JWT_SECRET, type TestHub } from '../support/hub';
import { addOversightOffice, buildWorld, victimIncident, type World } from '../support/world';
import { buildCase, type CaseScript } from './cases';

/*
 * The published forms of the yearly return, no token needed: the statistics CSV,
 * return.csv, return.json and the figures page, and `npm run return`. Every piece of
 * free text of the partnership's cases (names, addresses, incident summaries and
 * locations, reasons, findings, recommendations, agencies' answers) carries a marker
 * string; no answer may hold it, nor a case's reference or id, nor a person's name.
 */

const run = promisify(execFile);

describe('the published return', () => {
  let hub: TestHub;
  let w: World;
  let oversight: Awaited<ReturnType<typeof addOversightOffice>>;
  const MARKER = unique('Marker');
  const references: string[] = [];
  const caseIds: string[] = [];

  /** Everything that must not leave the hub in a published answer. */
  function expectNothingPersonal(body: string, where: string): void {
    expect({ where, marker: body.includes(MARKER) }).toEqual({ where, marker: false });
    for (const reference of references) expect({ where, reference: body.includes(reference) }).toEqual({ where, reference: false });
    for (const id of caseIds) expect({ where, id: body.includes(id) }).toEqual({ where, id: false });
    expect({ where, uuid: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i.test(body) }).toEqual({ where, uuid: false });
    for (const word of ['Quiet Road', 'ME4 4TR', '1950-05-05']) expect({ where, word: body.includes(word) }).toEqual({ where, word: false });
  }

  beforeAll(async () => {
    hub = await startTestHub();
    w = await buildWorld(hub);
    oversight = await addOversightOffice(hub, w.partnership.id);
    const victim = { kind: 'INDIVIDUAL' as const, name: `${MARKER} Victim`, dateOfBirth: '1950-05-05', postcode: 'ME4 4TR' };
    const recorded = await hub.gql(
      RecordIncidentsDocument,
      {
        incidents: [1, 2, 3].map((i) => ({
          ...victimIncident(`${MARKER}-KP-${i}`, `2025-0${i}-10T20:00:00Z`, `2025-0${i}-10T21:00:00Z`, 'NOISE', victim),
          summary: `${MARKER}: shouting outside the door, incident ${i}`,
          location: `${MARKER} Close`,
        })),
      },
      w.policeContributor.token,
    );
    expect(recorded.errors).toBeUndefined();
    const incidentIds = recorded.data.recordIncidents.incidents.map((i) => i.id);
    const scripts: CaseScript[] = [
      {
        receivedAt: '2025-04-02T10:00:00Z', channel: 'PHONE', relationship: 'CARER', attendance: 'IN_PERSON', threshold: 'met', incidentIds, text: MARKER,
        panel: {
          independentChair: true,
          outcome: { recommendations: [{ to: 'police', answer: 'COMPLETED' }, { to: 'housing', answer: 'DECLINED' }], outcomeSentAt: '2025-05-01T10:00:00Z' },
        },
      },
      { receivedAt: '2025-06-02T10:00:00Z', channel: 'ONLINE', relationship: 'SELF', threshold: 'notMet', text: MARKER },
      { receivedAt: '2026-02-02T10:00:00Z', channel: 'EMAIL', relationship: 'FRIEND', withdrawn: true, text: MARKER },
      // In review: the CST asks the housing provider, which answers.
      { receivedAt: '2025-09-01T10:00:00Z', channel: 'POST', relationship: 'SELF', threshold: 'met', text: MARKER },
    ];
    for (const script of scripts) caseIds.push(await buildCase(hub, w, script));
    // An agency's answer about the case in review, with the marker in it too.
    const asked = await hub.gql(RequestInformationDocument, { caseId: caseIds[3], agencyId: w.housing.id, question: `${MARKER}: what did you do?`, dueOn: '2030-01-01' }, w.cst.token);
    expect(asked.errors).toBeUndefined();
    const answered = await hub.gql(
      RespondToInformationRequestDocument,
      { requestId: asked.data.requestInformation.id, summary: `${MARKER}: visited`, actionsTaken: [`${MARKER}: warning`] },
      w.housingResponder.token,
    );
    expect(answered.errors).toBeUndefined();
    for (const row of await hub.dataSource.query('SELECT reference FROM case_review WHERE id = ANY($1::uuid[])', [caseIds])) references.push(row.reference);
  }, 120_000);
  afterAll(() => hub.close());

  const get = (p: string) => fetch(`${hub.url}/partnerships/${p}`);

  it('publishes the same figures as caseReviewReturn as CSV and JSON, without a token, and nothing personal', async () => {
    const { data } = await hub.gql(CaseReviewReturnDocument, { partnershipId: w.partnership.id, period: 'FINANCIAL_YEAR', fromYear: 2024, toYear: 2026 }, oversight.token);
    const figures = data.caseReviewReturn;
    // Not vacuous: the cases are in the figures (the review's letter: 19 working days after Wed 2 April 2025,
    // Good Friday 18 and Easter Monday 21 April off).
    expect(figures.map((f) => f.applicationsReceived)).toEqual([0, 4, 0]);
    expect(figures[1]).toMatchObject({ reviewsCarriedOut: 1, recommendationsMade: 2, recommendationsCompleted: 1, medianWorkingDaysToOutcome: 19 });

    const json = await get(`${w.partnership.code}/return.json?period=FINANCIAL_YEAR&from=2024&to=2026`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const jsonText = await json.text();
    expect(JSON.parse(jsonText)).toEqual({ partnership: { code: w.partnership.code, name: w.partnership.name }, period: 'FINANCIAL_YEAR', returns: figures });
    expectNothingPersonal(jsonText, 'return.json');

    const csv = await get(`${w.partnership.code}/return.csv?period=FINANCIAL_YEAR&from=2024&to=2026`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('cache-control')).toBe('public, max-age=60');
    const csvText = await csv.text();
    const [header, ...lines] = csvText.split('\r\n');
    expect(header.split(',')).toEqual([
      'period', 'period_start', 'period_end', 'applications_received', 'threshold_not_met', 'reviews_carried_out', 'reviews_with_recommendations',
      'applications_by_phone', 'applications_by_post', 'applications_by_email', 'applications_by_online', 'applications_by_in_person',
      'on_behalf_of_victim', 'independent_chair', 'victim_attended', 'recommendations_made', 'recommendations_accepted', 'recommendations_declined',
      'recommendations_completed', 'secondary_reviews_requested', 'median_working_days_to_outcome', 'victims_told_at_second_report',
    ]);
    expect(lines).toEqual([
      ...figures.map((f) =>
        [
          f.label, f.periodStart, f.periodEnd, f.applicationsReceived, f.thresholdNotMet, f.reviewsCarriedOut, f.reviewsWithRecommendations,
          ...f.applicationsByChannel.map((c) => c.count),
          f.onBehalfOfVictim, f.independentChair, f.victimAttended, f.recommendationsMade, f.recommendationsAccepted, f.recommendationsDeclined,
          f.recommendationsCompleted, f.secondaryReviewsRequested, f.medianWorkingDaysToOutcome ?? '', f.victimsToldAtSecondReport,
        ].join(','),
      ),
      '',
    ]);
    expectNothingPersonal(csvText, 'return.csv');
  });

  it('answers no personal data on any published form, by financial or calendar year', async () => {
    for (const period of ['FINANCIAL_YEAR', 'CALENDAR_YEAR']) {
      for (const form of ['statistics.csv', 'return.csv', 'return.json', 'figures']) {
        const res = await get(`${w.partnership.code}/${form}?period=${period}`);
        expect({ form, status: res.status }).toEqual({ form, status: 200 });
        expectNothingPersonal(await res.text(), `${form} ${period}`);
      }
    }
    // Nor the API's answer to the commissioner's office.
    const res = await hub.gql(CaseReviewReturnDocument, { partnershipId: w.partnership.id, period: 'CALENDAR_YEAR', fromYear: 2025, toYear: 2026 }, oversight.token);
    expect(res.data.caseReviewReturn[0].applicationsReceived).toBe(3);
    expectNothingPersonal(JSON.stringify(res), 'caseReviewReturn');
  });

  it('refuses an unknown partnership (404) and bad years or period (400), in each form', async () => {
    for (const [form, type] of [['statistics.csv', /^text\/plain/], ['return.csv', /^text\/plain/], ['return.json', /^application\/json/], ['figures', /^text\/html/]] as const) {
      const missing = await get(`NO-SUCH-${MARKER}/${form}`);
      expect({ form, status: missing.status, type: type.test(missing.headers.get('content-type') ?? '') }).toEqual({ form, status: 404, type: true });
      expect(await missing.text()).not.toContain(MARKER);
      for (const query of ['from=2026&to=2020', 'from=1990', 'period=WEEKLY', 'from=abc']) {
        expect({ form, query, status: (await get(`${w.partnership.code}/${form}?${query}`)).status }).toEqual({ form, query, status: 400 });
      }
    }
  });

  it('keeps the page\'s security headers on a cached copy', async () => {
    const first = await get(`${w.partnership.code}/figures?period=CALENDAR_YEAR&from=2025`);
    const second = await get(`${w.partnership.code}/figures?period=CALENDAR_YEAR&from=2025`);
    for (const res of [first, second]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    }
    expect(await second.text()).toBe(await first.text());
  });

  describe('npm run return', () => {
    const command = (args: string[]) =>
      run(process.execPath, [path.join(ROOT, 'dist', 'src', 'scripts', 'return.js'), ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: process.env.HUB_TEST_DATABASE_URL, AUTH_JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn' },
      }).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );

    beforeAll(() => ensureBuilt(), 300_000);

    it('prints the year\'s return as the published CSV and JSON do', async () => {
      const csv = await command(['--partnership', w.partnership.code.toLowerCase(), '--year', '2025', '--format', 'csv']);
      expect(csv).toMatchObject({ code: 0, stderr: '' });
      expect(csv.stdout).toBe(await (await get(`${w.partnership.code}/return.csv?period=FINANCIAL_YEAR&from=2025&to=2025`)).text());
      expect(csv.stdout.split('\r\n')[1]).toMatch(/^2025 to 2026,2025-04-01,2026-03-31,4,1,1,1,/);
      const json = await command(['--partnership', w.partnership.code, '--year', '2025', '--period', 'CALENDAR_YEAR', '--format', 'json']);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual(JSON.parse(await (await get(`${w.partnership.code}/return.json?period=CALENDAR_YEAR&from=2025&to=2025`)).text()));
      expectNothingPersonal(csv.stdout + json.stdout, 'npm run return');
    });

    it('says what is wrong, and exits 1 for an unknown partnership and 2 for bad arguments', async () => {
      expect(await command(['--partnership', 'NO-SUCH-CSP', '--year', '2025'])).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('There is no partnership') });
      expect(await command(['--partnership', w.partnership.code])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('usage:') });
      expect(await command(['--partnership', w.partnership.code, '--year', '2025', '--format', 'xml'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--format') });
      expect(await command(['--partnership', w.partnership.code, '--year', '2025', '--to', '2020'])).toMatchObject({ code: 2, stderr: expect.stringContaining('fromYear') });
    });
  });
});
