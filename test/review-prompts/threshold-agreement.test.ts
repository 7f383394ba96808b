import { RecordIncidentsWithPromptsDocument } from '../generated/graphql';
import { AgencyKind } from '../../src/modules/agency/agency-kind';
import { suggestThreshold } from '../../src/modules/case-review/threshold';
import { AsbCategory } from '../../src/modules/incident/asb-category';
import type { ThresholdRule } from '../../src/modules/partnership/threshold-rule';
import { addCalendarMonths, londonDate } from '../../src/common/working-days';
import { Role } from '../../src/modules/user/role';
import { buildAgency, buildPartnership, buildUser } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { report } from './report';

/*
 * The database's matching (hub_review_prompt_matches) against the application's own
 * rules: for random histories of one person at another agency, the kind of prompt the
 * recording agency gets must be what threshold.ts's suggestion (as if an application
 * were made on the report's date) and the six-month rule say.
 */

const RULE_SETS: ThresholdRule[][] = [
  [{ minReports: 3, windowMonths: 6, reportWithinMonths: 1, minDistinctReporters: 1, categories: [] }],
  [{ minReports: 2, windowMonths: 3, reportWithinMonths: 1, minDistinctReporters: 1, categories: [AsbCategory.NOISE] }],
  [
    { minReports: 1, windowMonths: 6, reportWithinMonths: 1, minDistinctReporters: 1, categories: [AsbCategory.HATE] },
    { minReports: 4, windowMonths: 12, reportWithinMonths: 2, minDistinctReporters: 1, categories: [] },
  ],
  [{ minReports: 2, windowMonths: 6, reportWithinMonths: 1, minDistinctReporters: 2, categories: [] }],
];
const CATEGORIES = [AsbCategory.NOISE, AsbCategory.HATE, AsbCategory.VANDALISM] as const;

/** mulberry32: the same "random" histories on every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the matching in the database agrees with threshold.ts', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  it('raises the kind the suggestion and the six-month rule give, for 24 random histories', async () => {
    const random = prng(14);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const reportedAt = new Date('2026-10-15T09:30:00Z');
    const today = londonDate(reportedAt);
    const seen = new Set<string>();
    for (let n = 0; n < 24; n++) {
      const rules = RULE_SETS[n % RULE_SETS.length];
      const other = await buildAgency(hub.dataSource);
      const recording = await buildAgency(hub.dataSource, { kind: AgencyKind.POLICE });
      await buildPartnership(hub.dataSource, { members: [other, recording], thresholdRules: rules });
      const otherToken = await hub.tokenFor((await buildUser(hub.dataSource, { agency: other, roles: [Role.CONTRIBUTOR] })).email);
      const token = await hub.tokenFor((await buildUser(hub.dataSource, { agency: recording, roles: [Role.CONTRIBUTOR] })).email);
      const who = { name: `Agreement ${n}`, dateOfBirth: '1970-01-01' };

      // Up to five earlier reports at the other agency, reported up to 14 months before, some late, some of other categories.
      const earlier = Array.from({ length: Math.floor(random() * 6) }, () => {
        const at = new Date(reportedAt.getTime() - (1 + Math.floor(random() * 425)) * 86_400_000 + Math.floor(random() * 86_400_000) - 43_200_000);
        return report(who, at.toISOString(), { category: pick(CATEGORIES), occurredHoursBefore: 1 + Math.floor(random() * 24 * 70) });
      });
      if (earlier.length > 0) expect((await hub.gql(RecordIncidentsWithPromptsDocument, { incidents: earlier }, otherToken)).errors).toBeUndefined();
      const mine = report(who, reportedAt.toISOString(), { category: pick(CATEGORIES), occurredHoursBefore: 1 + Math.floor(random() * 24 * 50) });
      const res = await hub.gql(RecordIncidentsWithPromptsDocument, { incidents: [mine] }, token);
      expect(res.errors).toBeUndefined();

      const all = [...earlier, mine].map((r, i) => ({
        id: String(i), occurredAt: new Date(r.occurredAt), reportedAt: new Date(r.reportedAt), category: r.category as AsbCategory, reporterId: 'the person',
      }));
      const sixMonthsBack = addCalendarMonths(today, -6);
      const inSixMonths = all.filter((r) => londonDate(r.reportedAt) >= sixMonthsBack && londonDate(r.reportedAt) <= today).length;
      const expected = suggestThreshold(reportedAt, rules, all).met ? 'THRESHOLD_LIKELY' : inSixMonths >= 2 ? 'SECOND_REPORT' : null;
      const got = res.data.recordIncidents.prompts.map((p: { kind: string }) => p.kind);
      expect({ n, got }).toEqual({ n, got: expected ? [expected] : [] });
      seen.add(expected ?? 'none');
    }
    // The histories cover every outcome, so agreement means something.
    expect([...seen].sort()).toEqual(['SECOND_REPORT', 'THRESHOLD_LIKELY', 'none']);
  });
});
