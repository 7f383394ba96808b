import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { DEFAULT_THRESHOLD_RULES } from '../../src/modules/partnership/threshold-rule';

/*
 * The benchmark's fictional county, written straight into the tables by SQL
 * (generate_series), because going through the API would take longer than the
 * benchmark itself at scale 25 (5 million incidents). Every id is derived from
 * its kind and number (md5 as a uuid), so the driver knows them without asking.
 *
 * At scale 1: 12 agencies in one partnership (council as lead, police, fire
 * and rescue, nine housing providers) and an independent chairs' body outside
 * it, with 50 independent chairs; 48,000 reporters; 200,000 incidents over three years; 5,000 case reviews
 * in every status, 1% of them "large" with 40 linked incidents (the rest 1 to
 * 6), with information requests, panels, recommendations and events as far as
 * each case's status goes. --scale multiplies people, incidents and cases.
 */

export const AGENCIES = 12;
export const BENCH_PARTNERSHIP_CODE = 'BENCH';

export type Dataset = {
  scale: number;
  incidents: number;
  reporters: number;
  cases: number;
  partnershipId: string;
  /** Agency number 1..12 (1 council, 2 police, 3 fire, 4..12 housing) to id. */
  agencyId: (n: number) => string;
  /** The case reviews with 40 linked incidents, and the email of each one's panel chair. */
  largeCaseIds: string[];
  largeCaseChairs: string[];
  /** Case number 1..cases to id. */
  caseId: (n: number) => string;
  /** Recommendations addressed to the police that are not completed (respondable again and again). */
  policeRecommendationIds: string[];
  emails: { cst: string; chair: string; auditor: string; contributor: (agency: number) => string; responder: (agency: number) => string };
};

export function datasetSize(scale: number): { incidents: number; reporters: number; cases: number } {
  return { incidents: 200_000 * scale, reporters: 48_000 * scale, cases: 5_000 * scale };
}

/** md5 of "kind:n" as a uuid: the same as the SQL function bid() below. */
export function benchId(kind: string, n: number): string {
  const h = createHash('md5').update(`${kind}:${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Chair k chairs the panels of cases 100(k-1)+1 .. 100k (as seeded below). */
const chairCount = (cases: number) => Math.max(1, Math.round(cases / 100));
const chairOf = (caseNumber: number, cases: number) => (Math.floor((caseNumber - 1) / 100) % chairCount(cases)) + 1;
const chairEmail = (k: number) => (k === 1 ? 'chair@bench.example' : `chair-${k}@bench.example`);

const emails: Dataset['emails'] = {
  cst: 'cst@bench.example',
  chair: 'chair@bench.example',
  auditor: 'auditor@bench.example',
  contributor: (a) => `contributor-${a}@bench.example`,
  responder: (a) => `responder-${a}@bench.example`,
};

/** Describes the dataset without touching the database (when it is already seeded). */
export function describeDataset(scale: number, largeCaseNumbers: number[], policeRecommendationIds: string[]): Dataset {
  return {
    scale,
    ...datasetSize(scale),
    partnershipId: benchId('partnership', 1),
    agencyId: (n) => benchId('agency', n),
    largeCaseIds: largeCaseNumbers.map((n) => benchId('case', n)),
    largeCaseChairs: largeCaseNumbers.map((n) => chairEmail(chairOf(n, datasetSize(scale).cases))),
    caseId: (n) => benchId('case', n),
    policeRecommendationIds,
    emails,
  };
}

/**
 * Seeds the county into a freshly migrated database as its owner, or returns
 * the description when this scale is already there (a kept database).
 */
export async function seedDataset(ownerUrl: string, scale: number, log: (line: string) => void): Promise<Dataset> {
  const { incidents, reporters, cases } = datasetSize(scale);
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const [{ n: already }] = (await client.query('SELECT count(*)::int AS n FROM partnership WHERE code = $1', [BENCH_PARTNERSHIP_CODE])).rows;
    if (already === 0) {
      const started = Date.now();
      await client.query('BEGIN');
      // Rows are written as the owner; the append-only and RLS rules are for the hub's own role.
      await client.query(`CREATE FUNCTION pg_temp.bid(kind text, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$ SELECT md5(kind || ':' || n)::uuid $$`);
      for (const [label, sql, params] of seedStatements(incidents, reporters, cases)) {
        const t = Date.now();
        await client.query(sql, params);
        log(`  seeded ${label} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      }
      await client.query('COMMIT');
      await client.query('VACUUM ANALYZE');
      log(`  dataset at scale ${scale} seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const large = (await client.query(
      `SELECT n FROM generate_series(1, $1::int) n WHERE n % 100 = 11 ORDER BY n`,
      [cases],
    )).rows.map((r: { n: number }) => r.n);
    const recommendations = (await client.query(
      `SELECT r.id FROM recommendation r WHERE r.agency_id = pg_catalog.md5('agency:2')::uuid AND r.status <> 'COMPLETED' ORDER BY r.id`,
    )).rows.map((r: { id: string }) => r.id);
    return describeDataset(scale, large, recommendations);
  } finally {
    await client.end();
  }
}

type Statement = [label: string, sql: string, params: unknown[]];

/*
 * Case n's stage: 0 received, 1 in review, 2 panel scheduled, 3 reviewed,
 * 4 outcome sent, 5 secondary review or closed. THRESHOLD_NOT_MET and
 * WITHDRAWN stop at 0 with their own event. The status comes from n % 20.
 */
const CASE_STAGE = `
  CASE n % 20 WHEN 0 THEN 'RECEIVED' WHEN 1 THEN 'RECEIVED' WHEN 2 THEN 'THRESHOLD_NOT_MET' WHEN 3 THEN 'THRESHOLD_NOT_MET'
    WHEN 4 THEN 'IN_REVIEW' WHEN 5 THEN 'IN_REVIEW' WHEN 6 THEN 'IN_REVIEW' WHEN 7 THEN 'PANEL_SCHEDULED' WHEN 8 THEN 'PANEL_SCHEDULED'
    WHEN 9 THEN 'REVIEWED' WHEN 10 THEN 'REVIEWED' WHEN 11 THEN 'OUTCOME_SENT' WHEN 12 THEN 'OUTCOME_SENT' WHEN 13 THEN 'OUTCOME_SENT'
    WHEN 14 THEN 'SECONDARY_REVIEW' WHEN 19 THEN 'WITHDRAWN' ELSE 'CLOSED' END`;
const STAGE_OF_STATUS = `
  CASE status WHEN 'IN_REVIEW' THEN 1 WHEN 'PANEL_SCHEDULED' THEN 2 WHEN 'REVIEWED' THEN 3 WHEN 'OUTCOME_SENT' THEN 4
    WHEN 'SECONDARY_REVIEW' THEN 5 WHEN 'CLOSED' THEN 5 ELSE 0 END`;

function seedStatements(incidents: number, reporters: number, cases: number): Statement[] {
  // Independent chairs: one for every 100 cases, each chairing the panels of a run of 100 case numbers.
  const chairs = chairCount(cases);
  const agencyKind = (a: string) => `CASE WHEN ${a} = 1 THEN 'COUNCIL' WHEN ${a} = 2 THEN 'POLICE' WHEN ${a} = 3 THEN 'FIRE_AND_RESCUE' ELSE 'HOUSING_PROVIDER' END::agency_kind`;
  return [
    [
      'agencies, partnership and users',
      `WITH a AS (SELECT n FROM generate_series(1, ${AGENCIES + 1}) n),
       ag AS (
         INSERT INTO agency (id, code, name, kind)
         SELECT pg_temp.bid('agency', n), 'BENCH-' || n,
                CASE WHEN n = ${AGENCIES + 1} THEN 'Bench independent chairs' ELSE 'Bench agency ' || n END,
                CASE WHEN n = ${AGENCIES + 1} THEN 'OTHER'::agency_kind ELSE ${agencyKind('n')} END
         FROM a RETURNING id),
       p AS (
         INSERT INTO partnership (id, code, name, lead_agency_id, threshold_rules)
         SELECT pg_temp.bid('partnership', 1), '${BENCH_PARTNERSHIP_CODE}', 'Bench county community safety partnership', pg_temp.bid('agency', 1), $1::jsonb
         FROM (SELECT count(*) FROM ag) c RETURNING id)
       INSERT INTO partnership_agency (partnership_id, agency_id)
       SELECT (SELECT id FROM p), pg_temp.bid('agency', n) FROM generate_series(1, ${AGENCIES}) n`,
      [JSON.stringify(DEFAULT_THRESHOLD_RULES)],
    ],
    [
      'users',
      `INSERT INTO app_user (id, email, display_name, agency_id, roles)
       SELECT pg_temp.bid('user:' || role, n), lower(role) || '-' || n || '@bench.example', initcap(lower(role)) || ' of agency ' || n,
              pg_temp.bid('agency', n), ARRAY[role]::role[]
       FROM generate_series(1, ${AGENCIES}) n, unnest(ARRAY['CONTRIBUTOR', 'RESPONDER', 'PANEL_MEMBER']) role
       UNION ALL SELECT pg_temp.bid('user:cst', 1), 'cst@bench.example', 'Bench CST officer', pg_temp.bid('agency', 1), ARRAY['CST_OFFICER']::role[]
       UNION ALL SELECT pg_temp.bid('user:auditor', 1), 'auditor@bench.example', 'Bench auditor', pg_temp.bid('agency', 1), ARRAY['AUDITOR']::role[]
       UNION ALL SELECT pg_temp.bid('user:chair', k), CASE WHEN k = 1 THEN 'chair@bench.example' ELSE 'chair-' || k || '@bench.example' END,
              'Bench independent chair ' || k, pg_temp.bid('agency', ${AGENCIES + 1}), ARRAY['PANEL_MEMBER']::role[]
       FROM generate_series(1, ${chairs}) k`,
      [],
    ],
    [
      `${reporters.toLocaleString('en-GB')} reporters`,
      // Reporter p belongs to agency ((p - 1) % 12) + 1, like incident p below.
      `INSERT INTO person (id, agency_id, kind, name, name_key, date_of_birth, address, postcode, postcode_key, phone, email)
       SELECT pg_temp.bid('reporter', p), pg_temp.bid('agency', (p - 1) % ${AGENCIES} + 1), 'INDIVIDUAL',
              'Reporter ' || p, 'reporter ' || p, DATE '1950-01-01' + (p * 37 % 20000),
              (p % 400) || ' Bench Street', 'BE' || (p % 90 + 10) || ' ' || (p % 9) || 'AA', 'BE' || (p % 90 + 10) || (p % 9) || 'AA',
              '07700 9' || lpad((p % 100000)::text, 5, '0'), 'reporter' || p || '@mail.example'
       FROM generate_series(1, ${reporters}) p`,
      [],
    ],
    [
      `${incidents.toLocaleString('en-GB')} incidents`,
      // Spread over the last three years; reporter (n - 1) % reporters + 1 has the incident's agency.
      `INSERT INTO incident (id, agency_id, reference, occurred_at, reported_at, category, summary, location, reporter_id, content_hash)
       SELECT pg_temp.bid('incident', n), pg_temp.bid('agency', (n - 1) % ${AGENCIES} + 1), 'INC-' || n, at, at + ((n % 48) || ' hours')::interval,
              (enum_range(NULL::asb_category))[n % 10 + 1], 'Seeded report ' || n || ': shouting and damage to property late at night',
              (n % 500) || ' Bench Road', pg_temp.bid('reporter', (n - 1) % ${reporters} + 1), md5('seed:' || n)
       FROM generate_series(1, ${incidents}) n, LATERAL (SELECT now() - interval '2 days' - ((n::bigint * 7919) % (1095 * 24)) * interval '1 hour' AS at) t`,
      [],
    ],
    [
      `${cases.toLocaleString('en-GB')} case reviews`,
      `WITH c AS (
         SELECT n, ${CASE_STAGE} AS status, now() - interval '3 days' - ((n * 13) % 1000) * interval '1 day' AS received_at,
                (enum_range(NULL::channel))[n % 5 + 1] AS channel
         FROM generate_series(1, ${cases}) n),
       applicants AS (
         INSERT INTO person (id, agency_id, kind, name, name_key, date_of_birth, address, postcode, postcode_key, phone)
         SELECT pg_temp.bid('applicant', n), pg_temp.bid('agency', 1), 'INDIVIDUAL'::person_kind, 'Applicant ' || n, 'applicant ' || n,
                DATE '1950-01-01' + (n * 31 % 20000), (n % 300) || ' Bench Close', 'BE1 ' || (n % 9) || 'CR', 'BE1' || (n % 9) || 'CR', '07700 8' || lpad((n % 100000)::text, 5, '0')
         FROM c
         UNION ALL
         SELECT pg_temp.bid('victim', n), pg_temp.bid('agency', 1), 'INDIVIDUAL'::person_kind, 'Victim ' || n, 'victim ' || n,
                DATE '1940-01-01' + (n * 29 % 20000), (n % 300) || ' Bench Close', 'BE1 ' || (n % 9) || 'CR', 'BE1' || (n % 9) || 'CR', NULL
         FROM c WHERE n % 3 = 0
         RETURNING id)
       INSERT INTO case_review (id, partnership_id, reference, received_year, sequence, status, received_at, channel, applicant_id, relationship, victim_id,
                                consent_given_at, consent_channel, reported_incidents, threshold_met, threshold_reason, threshold_alternative_action,
                                threshold_decided_at, threshold_decided_by_id, outcome_sent_at, secondary_review_requested_at, secondary_review_reason, version,
                                created_at, updated_at)
       SELECT pg_temp.bid('case', n), pg_temp.bid('partnership', 1),
              '${BENCH_PARTNERSHIP_CODE}-' || year || '-' || lpad(n::text, 6, '0'), year, n, status::case_status, received_at, channel,
              pg_temp.bid('applicant', n), CASE WHEN n % 3 = 0 THEN 'FAMILY_MEMBER' ELSE 'SELF' END::applicant_relationship,
              CASE WHEN n % 3 = 0 THEN pg_temp.bid('victim', n) ELSE pg_temp.bid('applicant', n) END,
              received_at, channel,
              jsonb_build_array(
                jsonb_build_object('occurredOn', to_char(received_at - interval '100 days', 'YYYY-MM-DD'), 'reportedToName', NULL, 'reportedToOrganisation', 'Bench agency 2', 'reportedToReference', 'INC-' || n, 'details', 'Noise every night'),
                jsonb_build_object('occurredOn', to_char(received_at - interval '60 days', 'YYYY-MM-DD'), 'reportedToName', 'Housing officer', 'reportedToOrganisation', 'Bench agency 4', 'reportedToReference', NULL, 'details', NULL),
                jsonb_build_object('occurredOn', to_char(received_at - interval '20 days', 'YYYY-MM-DD'), 'reportedToName', NULL, 'reportedToOrganisation', 'Bench agency 1', 'reportedToReference', NULL, 'details', 'Door damaged')),
              CASE WHEN stage > 0 THEN true WHEN status = 'THRESHOLD_NOT_MET' THEN false END,
              CASE WHEN stage > 0 OR status = 'THRESHOLD_NOT_MET' THEN 'Three reports in six months' END,
              CASE WHEN status = 'THRESHOLD_NOT_MET' THEN 'Mediation offered by the housing provider' END,
              CASE WHEN stage > 0 OR status = 'THRESHOLD_NOT_MET' THEN received_at + interval '2 days' END,
              CASE WHEN stage > 0 OR status = 'THRESHOLD_NOT_MET' THEN pg_temp.bid('user:cst', 1) END,
              CASE WHEN stage >= 4 THEN received_at + interval '40 days' END,
              CASE WHEN status = 'SECONDARY_REVIEW' THEN received_at + interval '45 days' END,
              CASE WHEN status = 'SECONDARY_REVIEW' THEN 'The applicant disagrees with the outcome' END,
              -- one per event written below
              2 + CASE WHEN status IN ('THRESHOLD_NOT_MET', 'WITHDRAWN') THEN 1 ELSE 0 END + CASE WHEN stage >= 1 THEN 3 ELSE 0 END
                + CASE WHEN stage >= 2 THEN 1 ELSE 0 END + CASE WHEN stage >= 3 THEN 1 ELSE 0 END + CASE WHEN stage >= 4 THEN 1 ELSE 0 END
                + CASE WHEN stage >= 5 THEN 1 ELSE 0 END,
              received_at, received_at
       FROM c, LATERAL (SELECT extract(year FROM received_at AT TIME ZONE 'Europe/London')::int AS year, ${STAGE_OF_STATUS} AS stage) y
       WHERE (SELECT count(*) FROM applicants) > 0`,
      [],
    ],
    [
      'reference counters',
      `INSERT INTO case_reference_counter (partnership_id, year, last_sequence)
       SELECT partnership_id, received_year, ${cases} FROM case_review GROUP BY partnership_id, received_year`,
      [],
    ],
    [
      'linked incidents',
      // 40 for every hundredth case (all at OUTCOME_SENT: panel, recommendations and answers), 1 to 6 for the others; spread across the whole incident table.
      `INSERT INTO case_incident (case_id, incident_id, linked_at, linked_by_id)
       SELECT pg_temp.bid('case', n), pg_temp.bid('incident', (n * 97 + j * 7919) % ${incidents} + 1), now() - interval '1 day', pg_temp.bid('user:cst', 1)
       FROM generate_series(1, ${cases}) n, generate_series(0, CASE WHEN n % 100 = 11 THEN 39 ELSE n % 6 END) j
       ON CONFLICT DO NOTHING`,
      [],
    ],
    [
      'information requests',
      `INSERT INTO information_request (id, case_id, agency_id, question, due_on, requested_at, requested_by_id, response_summary, response_actions, responded_at, responded_by_id)
       SELECT pg_temp.bid('request:' || k, c.sequence), c.id, pg_temp.bid('agency', a), 'What has your agency done about the reports?',
              (c.received_at + interval '20 days')::date, c.received_at + interval '3 days', pg_temp.bid('user:cst', 1),
              CASE WHEN s.stage >= 2 THEN 'Visited twice; warning letter sent' END, CASE WHEN s.stage >= 2 THEN ARRAY['Visit', 'Warning letter'] END,
              CASE WHEN s.stage >= 2 THEN c.received_at + interval '10 days' END, CASE WHEN s.stage >= 2 THEN pg_temp.bid('user:RESPONDER', a) END
       FROM case_review c, LATERAL (SELECT ${STAGE_OF_STATUS.replace(/status/g, 'c.status::text')} AS stage) s,
            LATERAL (VALUES (1, 2), (2, 4 + c.sequence % 9)) r(k, a)
       WHERE s.stage >= 1`,
      [],
    ],
    [
      'panels',
      `WITH p AS (
         INSERT INTO panel (id, case_id, round, meeting_at, independent_chair, findings, reviewed_at)
         SELECT pg_temp.bid('panel', c.sequence), c.id, 1, c.received_at + interval '25 days', true,
                CASE WHEN s.stage >= 3 THEN 'Agencies acted on each report but did not share what they knew' END,
                CASE WHEN s.stage >= 3 THEN c.received_at + interval '25 days' END
         FROM case_review c, LATERAL (SELECT ${STAGE_OF_STATUS.replace(/status/g, 'c.status::text')} AS stage) s
         WHERE s.stage >= 2 RETURNING id, (SELECT sequence FROM case_review WHERE id = case_id) AS sequence)
       INSERT INTO panel_member (panel_id, user_id, is_chair)
       SELECT p.id, m.user_id, m.is_chair FROM p,
              LATERAL (VALUES (pg_temp.bid('user:chair', (p.sequence - 1) / 100 % ${chairs} + 1), true), (pg_temp.bid('user:PANEL_MEMBER', 1), false), (pg_temp.bid('user:PANEL_MEMBER', 2), false)) m(user_id, is_chair)`,
      [],
    ],
    [
      'recommendations',
      // Three per reviewed case (council, police, a housing provider): open while reviewed, answered later, the third still open.
      `INSERT INTO recommendation (id, case_id, panel_id, agency_id, position, text, due_on, status, response_reason, responded_at, responded_by_id, completed_at, completion_note)
       SELECT pg_temp.bid('recommendation:' || k, c.sequence), c.id, pg_temp.bid('panel', c.sequence), pg_temp.bid('agency', a), k,
              'Share incident records with the other agencies within a week', (c.received_at + interval '90 days')::date,
              st::recommendation_status, CASE WHEN st = 'DECLINED' THEN 'Already in place' END,
              CASE WHEN st <> 'AWAITING_RESPONSE' THEN c.received_at + interval '45 days' END,
              CASE WHEN st <> 'AWAITING_RESPONSE' THEN pg_temp.bid('user:RESPONDER', a) END,
              CASE WHEN st = 'COMPLETED' THEN c.received_at + interval '80 days' END, CASE WHEN st = 'COMPLETED' THEN 'Done' END
       FROM case_review c, LATERAL (SELECT ${STAGE_OF_STATUS.replace(/status/g, 'c.status::text')} AS stage) s,
            LATERAL (VALUES (1, 1), (2, 2), (3, 4 + c.sequence % 9)) r(k, a),
            LATERAL (SELECT CASE WHEN s.stage = 3 OR k = 3 THEN 'AWAITING_RESPONSE' WHEN k = 1 THEN 'COMPLETED' WHEN c.sequence % 2 = 0 THEN 'ACCEPTED' ELSE 'DECLINED' END AS st) x
       WHERE s.stage >= 3`,
      [],
    ],
    [
      'case events',
      `INSERT INTO case_event (case_id, at, type, actor_id, note)
       SELECT c.id, c.received_at + e.after, e.type, pg_temp.bid('user:cst', 1), e.note
       FROM case_review c, LATERAL (SELECT ${STAGE_OF_STATUS.replace(/status/g, 'c.status::text')} AS stage) s,
            LATERAL (VALUES
              (0, interval '0', 'RECEIVED', 'by phone'),
              (0, interval '1 day', 'INCIDENTS_LINKED', 'linked'),
              (1, interval '2 days', 'THRESHOLD_DECIDED', 'met: three reports in six months'),
              (1, interval '3 days', 'INFORMATION_REQUESTED', NULL),
              (1, interval '3 days 1 minute', 'INFORMATION_REQUESTED', NULL),
              (2, interval '5 days', 'PANEL_SCHEDULED', NULL),
              (3, interval '25 days', 'REVIEWED', '3 recommendations'),
              (4, interval '40 days', 'OUTCOME_SENT', NULL),
              (5, interval '45 days', CASE WHEN c.status = 'CLOSED' THEN 'CLOSED' ELSE 'SECONDARY_REVIEW_REQUESTED' END, NULL)
            ) e(stage, after, type, note)
       WHERE e.stage <= s.stage
       UNION ALL
       SELECT c.id, c.received_at + interval '2 days', CASE WHEN c.status = 'WITHDRAWN' THEN 'WITHDRAWN' ELSE 'THRESHOLD_DECIDED' END, pg_temp.bid('user:cst', 1), 'by the applicant'
       FROM case_review c WHERE c.status IN ('THRESHOLD_NOT_MET', 'WITHDRAWN')`,
      [],
    ],
  ];
}
