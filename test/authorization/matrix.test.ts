import { buildHubSchema } from '../../src/graphql/schema';
import { buildAgency, buildUser, unique } from '../support/factories';
import { Role } from '../../src/modules/user/role';
import { codes, startTestHub, type GraphQLResponse, type TestHub } from '../support/hub';
import { application, victimIncident } from '../support/world';
import {
  buildCast,
  CALLERS,
  caseAt,
  caseState,
  count,
  personFor,
  send,
  withdrawConsent,
  type Caller,
  type CaseAt,
  type Cast,
  type ExtraCaller,
  type Person,
  type Stage,
} from './fixtures';
import { RecordIncidentsDocument, RecordIncidentsWithPromptsDocument, SubmitApplicationDocument } from '../generated/graphql';
import { MAX_AGENCIES_LISTED } from '../../src/modules/agency/agency.entity';
import { MAX_PARTNERSHIPS_LISTED } from '../../src/modules/partnership/partnership.entity';

/*
 * The authorization matrix (issue 5, item 4): every Query and Mutation field
 * of the served schema, run as every caller, against what DOMAIN.md ("Who may
 * see what", "Consent") and the contract say the answer must be.
 *
 *   ok               no error; reads return the expected records in full
 *   redacted         data returned, other agencies' personal fields null and redacted: true
 *   NOT_FOUND        the caller holds the role but may not know the record (as if it did not exist)
 *   FORBIDDEN        the caller's roles give no right to the operation at all (the coarse gate)
 *   UNAUTHENTICATED  no token
 *
 * Where consent matters, the row runs once against a case whose consent is
 * active and once against one whose victim withdrew it.
 *
 * Every cell also names the access-log entries its request must write, each
 * with the lawful basis its policy decided (DOMAIN.md, "Data protection"):
 * OWN_RECORD for the owning agency's own records, CONSENT through a case whose
 * consent is active, ASB_ACT_SCHEDULE_4 for an agency's answer and the panel's
 * and agencies' work on the review, CRIME_AND_DISORDER_ACT_S115 for a prompt
 * raised by the repeat-report matching, LEGAL_OBLIGATION for a data protection
 * officer's export and erasure. A refusal writes none.
 *
 * Reads share one fixture (beforeAll). A refused mutation runs against one
 * fixture per row and must change nothing; a mutation expected to succeed gets
 * a fresh fixture of its own.
 */

type Outcome = 'ok' | 'redacted' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'BAD_USER_INPUT' | 'INVALID_STATE';
type ConsentState = 'consent active' | 'consent withdrawn';
type Cell = Outcome | { active: Outcome; withdrawn: Outcome };
/** One cell per caller, in the order of CALLERS. */
type CellsOf<T extends readonly unknown[]> = { -readonly [K in keyof T]: Cell };
type Cells = CellsOf<typeof CALLERS>;

const OK = 'ok';
const RED = 'redacted';
const NF = 'NOT_FOUND';
const FB = 'FORBIDDEN';
const UA = 'UNAUTHENTICATED';
const consent = (active: Outcome, withdrawn: Outcome): Cell => ({ active, withdrawn });

// ---------------------------------------------------------------- fixtures

/** Two reviewed cases of one partnership: A with consent active, B after the victim withdrew it; and a police record linked to no case. */
type ReadFx = {
  c: Cast;
  A: CaseAt;
  B: CaseAt;
  kpX: string;
  otherPartnershipId: string;
  otherLeadId: string;
  /** Partnerships in the shared test database when the fixture was built (none is ever deleted). */
};

let hub: TestHub;

async function buildReadFx(): Promise<ReadFx> {
  const c = await buildCast(hub);
  const A = await caseAt(hub, c, 'REVIEWED', 'A');
  const B = await caseAt(hub, c, 'REVIEWED', 'B');
  await withdrawConsent(hub, c, B.id);
  const [kpX] = (
    await send(
      hub,
      RecordIncidentsDocument,
      { incidents: [victimIncident('X-KP', '2026-02-15T23:00:00Z', '2026-02-16T09:00:00Z', 'NOISE', { kind: 'INDIVIDUAL', name: 'Someone Else', postcode: 'ME1 1AA' })] },
      c.policeContributor.token,
    )
  ).recordIncidents.incidents;
  const [other] = await hub.dataSource.query('SELECT id, lead_agency_id FROM partnership WHERE lead_agency_id = $1', [c.otherCst.user.agencyId]);
  return { c, A, B, kpX: kpX.id, otherPartnershipId: other.id, otherLeadId: other.lead_agency_id };
}

// ---------------------------------------------------------------- checks shared by rows

type ReadCtx = { fx: ReadFx; caller: Caller; who: Person; outcome: 'ok' | 'redacted'; consent: ConsentState; the: CaseAt };

const sorted = (ids: string[]) => [...ids].sort();

/** An incident as the caller must see it: in full, or redacted with dates, category and owner kept. */
function expectIncident(node: any, visible: boolean) {
  expect(node.agency.id).toBeTruthy();
  expect(node.category).toBeTruthy();
  if (visible) {
    expect(node).toMatchObject({ redacted: false, summary: expect.stringContaining('at the victim'), location: '1 Quiet Road', reporter: { name: 'Alex Victim', redacted: false } });
  } else {
    expect(node).toMatchObject({ redacted: true, summary: null, location: null, reporter: null });
  }
}

/** The victim as the caller must see it (the council, the CST's agency, recorded it). */
function expectVictim(victim: any, visible: boolean) {
  if (visible) expect(victim).toMatchObject({ name: 'Alex Victim', redacted: false });
  else expect(victim).toMatchObject({ name: null, dateOfBirth: null, postcode: null, redacted: true });
}

const owns = (who: Person, agencyId: string) => who.user.agencyId === agencyId;

/**
 * An administrator's list of every partnership or agency: the first `bound` by code.
 * Other suites keep adding rows to the shared database (none is ever deleted), so the
 * answer is read between two reads of the table's first rows by code, and checked
 * against what holds whatever was inserted meanwhile: every row that is among the
 * first both before and after was among them when the hub answered, so it is in the
 * answer; and the answer is as long as the table allowed. A list scoped to the
 * caller's own partnerships (two rows) fails both.
 */
async function expectEveryUpToBound(document: string, field: string, table: string, bound: number, token: string): Promise<void> {
  const firstByCode = async (): Promise<string[]> =>
    (await hub.dataSource.query(`SELECT id FROM ${table} ORDER BY code LIMIT $1`, [bound])).map((r: { id: string }) => r.id);
  const before = await firstByCode();
  const answer: string[] = (await hub.gql(document, {}, token)).data[field].map((r: { id: string }) => r.id);
  const after = new Set(await firstByCode());
  const stable = before.filter((id) => after.has(id));
  expect(stable.length).toBeGreaterThan(0);
  expect(answer).toEqual(expect.arrayContaining(stable));
  expect(answer.length).toBeGreaterThanOrEqual(before.length);
  expect(answer.length).toBeLessThanOrEqual(bound);
}

// ---------------------------------------------------------------- the table

/** `times` access-log entries (action, entity, lawful basis), as the table states them. */
const R = (entity: string, basis: string, times = 1) => Array<string>(times).fill(`READ ${entity} ${basis}`);
const W = (entity: string, basis: string, times = 1) => Array<string>(times).fill(`WRITE ${entity} ${basis}`);
const OWN = 'OWN_RECORD';
const CON = 'CONSENT';
const SCH4 = 'ASB_ACT_SCHEDULE_4';
const LAW = 'LEGAL_OBLIGATION';

/** The entries `actorId` wrote after entry `afterId`, as `ACTION Entity BASIS`, sorted. */
async function written(actorId: string, afterId: string): Promise<string[]> {
  const rows: { line: string }[] = await hub.dataSource.query(
    `SELECT concat_ws(' ', action, entity, coalesce(lawful_basis, 'NONE')) AS line FROM access_log_entry WHERE actor_id = $1 AND id > $2 ORDER BY line`,
    [actorId, afterId],
  );
  return rows.map((r) => r.line);
}
const lastEntry = async (): Promise<string> => (await hub.dataSource.query('SELECT coalesce(max(id), 0)::text AS id FROM access_log_entry'))[0].id;

type QueryRow = {
  document: string;
  /** Runs in both consent states; `the` is the case of the state. */
  consentMatters?: boolean;
  variables?: (fx: ReadFx, the: CaseAt) => Record<string, unknown>;
  cells: Cells;
  /** For ok and redacted cells: the records this caller must get. */
  check: (data: any, ctx: ReadCtx) => void | Promise<void>;
  /** For ok and redacted cells: the access-log entries the request writes (none when absent: no personal data). */
  log?: (ctx: ReadCtx) => string[];
};

type MutationRow<F> = {
  document: string;
  /** A fresh world and whatever case state the operation needs. */
  setup: () => Promise<F>;
  variables: (f: F, caller: Caller | ExtraCaller) => Record<string, unknown>;
  /** What a refused call must leave unchanged. */
  state: (f: F) => Promise<unknown>;
  cells: Cells;
  extra?: Partial<Record<ExtraCaller, Outcome>>;
  check: (data: any, f: F, who: Person) => void | Promise<void>;
  /** For ok cells: the access-log entries the mutation writes (none when absent), or as they depend on the caller. */
  log?: string[] | ((caller: Caller | ExtraCaller) => string[]);
};
const mutation = <F extends { c: Cast }>(row: MutationRow<F>): MutationRow<any> => row;

/** A suffix naming the caller in codes, emails and references, so refused attempts by different callers differ. */
const n = (caller: Caller | ExtraCaller) => String(CALLERS.indexOf(caller as Caller) + 1 || 'X');

type OrgFx = { c: Cast; tag: string; newcomer: string };
const orgSetup = async (): Promise<OrgFx> => {
  const c = await buildCast(hub);
  const newcomer = await buildAgency(hub.dataSource, { name: 'Newcomer' });
  return { c, tag: unique('MX'), newcomer: newcomer.id };
};

type PromptFx = { c: Cast; promptId: string };
/** A prompt for the housing provider: its second report of one resident. */
const promptSetup = async (): Promise<PromptFx> => {
  const c = await buildCast(hub);
  const who = { kind: 'INDIVIDUAL' as const, name: `Prompted ${unique('R')}`, dateOfBirth: '1961-06-06' };
  const res = await send(
    hub,
    RecordIncidentsWithPromptsDocument,
    { incidents: [victimIncident(unique('P1'), '2026-03-01T20:00:00Z', '2026-03-01T21:00:00Z', 'NOISE', who), victimIncident(unique('P2'), '2026-03-05T20:00:00Z', '2026-03-05T21:00:00Z', 'NOISE', who)] },
    c.housingContributor.token,
  );
  return { c, promptId: res.recordIncidents.prompts[0].id };
};

type CaseFx = { c: Cast; k: CaseAt; extra: string };
const caseSetup = (stage: Stage) => async (): Promise<CaseFx> => {
  const c = await buildCast(hub);
  const k = await caseAt(hub, c, stage);
  // A record about the victim the CST has not linked yet.
  const [extra] = (
    await send(hub, RecordIncidentsDocument, { incidents: [victimIncident(unique('EXTRA'), '2026-02-18T23:00:00Z', '2026-02-19T09:00:00Z')] }, c.policeContributor.token)
  ).recordIncidents.incidents;
  return { c, k, extra: extra.id };
};
const stateOfCase = (f: CaseFx) => caseState(hub, f.k.id);

/** CST steps: the partnership's CST only; another partnership's CST may not know the case; every other role has no right to the step. */
//                         anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
const CST_STEP: Cells = [UA, FB, OK, NF, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB];
const ADMIN_ONLY: Cells = [UA, OK, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB];
const ADDRESSED_RESPONDER: Cells = [UA, FB, FB, FB, FB, FB, OK, NF, FB, FB, FB, FB, FB, FB, FB];
const CASE_SUMMARY = 'id status version consent { active }';

const TABLE: { Query: Record<string, QueryRow>; Mutation: Record<string, MutationRow<any>> } = {
  Query: {
    //                         anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
    me: {
      document: 'query { me { id email roles agency { id } } }',
      cells: [UA, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK],
      check: (data, { who }) => expect(data.me).toMatchObject({ id: who.user.id, email: who.user.email, roles: who.user.roles, agency: { id: who.user.agencyId } }),
    },
    partnerships: {
      document: 'query { partnerships { id code leadAgency { id } } }',
      // ADMIN sees every partnership, up to the list's bound, by code: the shared test database
      // may hold more than the bound, so the answer is compared with the table's first by code.
      cells: [UA, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK],
      check: (data, { fx, caller, who }) => {
        const ids = data.partnerships.map((p: { id: string }) => p.id);
        if (caller === 'ADMIN') return expectEveryUpToBound('query { partnerships { id } }', 'partnerships', 'partnership', MAX_PARTNERSHIPS_LISTED, who.token);
        else if (caller === 'CST_OFFICER (other partnership)' || caller === 'OVERSIGHT (other partnership)' || caller === 'DATA_PROTECTION_OFFICER (other partnership)') expect(ids).toEqual([fx.otherPartnershipId]);
        else expect(ids).toEqual([fx.c.partnership.id]);
      },
    },
    partnership: {
      document: 'query ($id: ID!) { partnership(id: $id) { id code leadAgency { id } agencies { id } } }',
      variables: (fx) => ({ id: fx.c.partnership.id }),
      cells: [UA, OK, OK, NF, OK, OK, OK, OK, OK, OK, OK, OK, NF, OK, NF],
      check: (data, { fx }) => {
        expect(data.partnership).toMatchObject({ id: fx.c.partnership.id, code: fx.c.partnership.code, leadAgency: { id: fx.c.council.id } });
        expect(sorted(data.partnership.agencies.map((a: { id: string }) => a.id))).toEqual(
          sorted([fx.c.council.id, fx.c.police.id, fx.c.housing.id, fx.c.housing2.id, fx.c.oversight.agency.id]),
        );
      },
    },
    agencies: {
      document: 'query { agencies { id code } }',
      cells: [UA, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK],
      check: (data, { fx, caller, who }) => {
        const ids = data.agencies.map((a: { id: string }) => a.id);
        const partnership = [fx.c.council.id, fx.c.police.id, fx.c.housing.id, fx.c.housing2.id, fx.c.oversight.agency.id];
        if (caller === 'ADMIN') return expectEveryUpToBound('query { agencies { id } }', 'agencies', 'agency', MAX_AGENCIES_LISTED, who.token);
        else if (caller === 'CST_OFFICER (other partnership)' || caller === 'OVERSIGHT (other partnership)' || caller === 'DATA_PROTECTION_OFFICER (other partnership)') {
          expect(sorted(ids)).toEqual(sorted([fx.otherLeadId, fx.c.otherOversight.agency.id]));
        }
        else expect(sorted(ids)).toEqual(sorted(partnership));
      },
    },
    caseReview: {
      document: `query ($id: ID!) { caseReview(id: $id) {
        id reference status
        victim { id name dateOfBirth postcode redacted }
        applicant { id name redacted }
        incidents { id category occurredAt summary location redacted agency { id } reporter { name redacted } }
      } }`,
      consentMatters: true,
      variables: (_fx, the) => ({ id: the.id }),
      cells: [UA, FB, consent(OK, RED), NF, FB, FB, FB, FB, consent(OK, RED), NF, FB, FB, FB, FB, FB],
      // The CST's council holds the victim and applicant; the police's panel member owns the police record; the rest only by consent.
      log: ({ caller, consent: state }) => {
        const active = state === 'consent active';
        if (caller === 'CST_OFFICER (partnership)') return [...R('Person', OWN, 2), ...(active ? [...R('Incident', CON, 2), ...R('Person', CON, 2)] : [])];
        return [...R('Incident', OWN), ...R('Person', OWN), ...(active ? [...R('Person', CON, 2), ...R('Incident', CON), ...R('Person', CON)] : [])];
      },
      check: (data, { fx, who, outcome, the }) => {
        const seen = data.caseReview;
        expect(seen).toMatchObject({ id: the.id, reference: the.reference, status: 'REVIEWED' });
        expectVictim(seen.victim, outcome === 'ok' || owns(who, fx.c.council.id));
        expect(sorted(seen.incidents.map((i: { id: string }) => i.id))).toEqual(sorted([the.kp, the.mh]));
        for (const i of seen.incidents) expectIncident(i, outcome === 'ok' || owns(who, i.agency.id));
      },
    },
    caseReviews: {
      document: 'query { caseReviews(first: 10) { totalCount edges { node { id reference consent { active } victim { name dateOfBirth postcode redacted } } } } }',
      consentMatters: true,
      cells: [UA, FB, consent(OK, OK), OK, FB, FB, FB, FB, consent(OK, RED), OK, FB, FB, FB, FB, FB],
      // Both cases are listed in either state: A's victim by consent, B's (withdrawn) only to the council's CST.
      log: ({ caller }) => (caller === 'CST_OFFICER (partnership)' ? R('Person', OWN, 2) : caller === 'PANEL_MEMBER (on panel)' ? R('Person', CON) : []),
      check: (data, { fx, caller, who, outcome, consent: state, the }) => {
        const nodes = data.caseReviews.edges.map((e: { node: any }) => e.node);
        const expected = caller === 'CST_OFFICER (partnership)' || caller === 'PANEL_MEMBER (on panel)' ? [fx.A.id, fx.B.id] : [];
        expect(sorted(nodes.map((c: { id: string }) => c.id))).toEqual(sorted(expected));
        expect(data.caseReviews.totalCount).toBe(expected.length);
        const node = nodes.find((c: { id: string }) => c.id === the.id);
        if (!node) return;
        expect(node.consent.active).toBe(state === 'consent active');
        expectVictim(node.victim, outcome === 'ok' || owns(who, fx.c.council.id));
      },
    },
    incident: {
      document: `query ($id: ID!) { incident(id: $id) {
        id reference category occurredAt reportedAt summary location redacted agency { id } reporter { name redacted }
      } }`,
      consentMatters: true,
      // The housing provider's record, linked to the case of the consent state.
      variables: (_fx, the) => ({ id: the.mh }),
      // A responder sees its own agency's records in full (issue 3, and DOMAIN.md's "the owning
      // agency always sees its own records": it answers for them); the addressed responder here is
      // the housing provider's, the record's owner; another agency's responder gets NOT_FOUND.
      //     anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
      cells: [UA, FB, consent(OK, RED), NF, OK, NF, OK, NF, consent(OK, RED), NF, FB, FB, FB, FB, FB],
      log: ({ caller, consent: state }) =>
        caller === 'CONTRIBUTOR (owning agency)' || caller === 'RESPONDER (addressed)'
          ? [...R('Incident', OWN), ...R('Person', OWN)]
          : state === 'consent active'
            ? [...R('Incident', CON), ...R('Person', CON)]
            : [],
      check: (data, { fx, outcome, the }) => {
        expect(data.incident).toMatchObject({ id: the.mh, category: 'VANDALISM', occurredAt: '2026-02-12T20:00:00.000Z', agency: { id: fx.c.housing.id } });
        expectIncident(data.incident, outcome === 'ok');
      },
    },
    incidents: {
      document: 'query { incidents(first: 20) { totalCount edges { node { id category summary location redacted agency { id } reporter { name redacted } } } } }',
      consentMatters: true,
      cells: [UA, FB, consent(OK, RED), OK, OK, OK, OK, OK, consent(OK, RED), OK, FB, FB, FB, FB, FB],
      // Every listed record in either state: A's by consent or ownership, B's only where owned. The same police (housing)
      // reporter is one person: once per case it is seen through, once for its own agency's direct reads.
      log: ({ caller }) =>
        ({
          'CST_OFFICER (partnership)': [...R('Incident', CON, 2), ...R('Person', CON, 2)],
          'PANEL_MEMBER (on panel)': [...R('Incident', OWN, 2), ...R('Incident', CON), ...R('Person', OWN, 2), ...R('Person', CON)],
          'CONTRIBUTOR (owning agency)': [...R('Incident', OWN, 2), ...R('Person', OWN)],
          'RESPONDER (addressed)': [...R('Incident', OWN, 2), ...R('Person', OWN)],
          'CONTRIBUTOR (other agency)': [...R('Incident', OWN, 3), ...R('Person', OWN, 2)],
        })[caller as string] ?? [],
      check: (data, { fx, caller, who, outcome, the }) => {
        const { A, B } = fx;
        const expected: Partial<Record<Caller, string[]>> = {
          'CST_OFFICER (partnership)': [A.kp, A.mh, B.kp, B.mh],
          'PANEL_MEMBER (on panel)': [A.kp, A.mh, B.kp, B.mh],
          'CONTRIBUTOR (owning agency)': [A.mh, B.mh],
          'CONTRIBUTOR (other agency)': [A.kp, B.kp, fx.kpX],
          // Its own agency's records (the housing provider's), like a contributor of that agency.
          'RESPONDER (addressed)': [A.mh, B.mh],
        };
        // Each consent state answers for its own case's records (and those linked to no case).
        const other = the === A ? B : A;
        const mine = (id: string) => id !== other.kp && id !== other.mh;
        const want = (expected[caller] ?? []).filter(mine);
        const nodes = data.incidents.edges.map((e: { node: any }) => e.node);
        expect(sorted(nodes.map((i: { id: string }) => i.id).filter(mine))).toEqual(sorted(want));
        // The total counts what is listed, and nothing hidden.
        expect(data.incidents.totalCount).toBe(nodes.length);
        for (const node of nodes) {
          if (node.id === the.kp || node.id === the.mh) expectIncident(node, outcome === 'ok' || owns(who, node.agency.id));
          else if (node.id === fx.kpX) expect(node).toMatchObject({ redacted: false, summary: expect.any(String), reporter: { name: 'Someone Else', redacted: false } });
        }
      },
    },
    myRecommendations: {
      document: 'query { myRecommendations { id status agency { id } case { id reference status victim { name dateOfBirth redacted } applicant { id } incidents { id } } } }',
      consentMatters: true,
      cells: [UA, FB, FB, FB, FB, FB, consent(OK, RED), OK, FB, FB, FB, FB, FB, FB, FB],
      // The victim's name of case A (consent active), a council record the housing responder sees by consent.
      log: ({ caller }) => (caller === 'RESPONDER (addressed)' ? R('Person', CON) : []),
      check: (data, { fx, caller, outcome, the }) => {
        const list = data.myRecommendations;
        const want = caller === 'RESPONDER (addressed)' ? [fx.A.recommendations.housing!, fx.B.recommendations.housing!] : [];
        expect(sorted(list.map((r: { id: string }) => r.id))).toEqual(sorted(want));
        const mine = list.find((r: { id: string }) => r.id === the.recommendations.housing);
        if (!mine) return;
        expect(mine).toMatchObject({ agency: { id: fx.c.housing.id }, case: { id: the.id, reference: the.reference, status: 'REVIEWED', applicant: null, incidents: [] } });
        // The victim's name only, and only while consent is active.
        expect(mine.case.victim).toMatchObject(outcome === 'ok' ? { name: 'Alex Victim', dateOfBirth: null } : { name: null, dateOfBirth: null, redacted: true });
      },
    },
    myInformationRequests: {
      document: 'query { myInformationRequests { id agency { id } case { id reference status victim { name dateOfBirth redacted } applicant { id } incidents { id } } } }',
      consentMatters: true,
      cells: [UA, FB, FB, FB, FB, FB, consent(OK, RED), OK, FB, FB, FB, FB, FB, FB, FB],
      log: ({ caller }) => (caller === 'RESPONDER (addressed)' ? R('Person', CON) : []),
      check: (data, { fx, caller, outcome, the }) => {
        const list = data.myInformationRequests;
        const want = caller === 'RESPONDER (addressed)' ? [fx.A.requests.housing!, fx.B.requests.housing!] : [];
        expect(sorted(list.map((r: { id: string }) => r.id))).toEqual(sorted(want));
        const mine = list.find((r: { id: string }) => r.id === the.requests.housing);
        if (!mine) return;
        expect(mine).toMatchObject({ agency: { id: fx.c.housing.id }, case: { id: the.id, reference: the.reference, status: 'REVIEWED', applicant: null, incidents: [] } });
        expect(mine.case.victim).toMatchObject(outcome === 'ok' ? { name: 'Alex Victim', dateOfBirth: null } : { name: null, dateOfBirth: null, redacted: true });
      },
    },
    caseReviewStatistics: {
      document: `query ($partnershipId: ID!) { caseReviewStatistics(partnershipId: $partnershipId, period: CALENDAR_YEAR, fromYear: 2026, toYear: 2026) {
        label applicationsReceived thresholdNotMet reviewsCarriedOut reviewsWithRecommendations
      } }`,
      variables: (fx) => ({ partnershipId: fx.c.partnership.id }),
      cells: [UA, OK, OK, NF, OK, OK, OK, OK, OK, OK, OK, OK, NF, OK, NF],
      check: (data) =>
        expect(data.caseReviewStatistics).toEqual([{ label: '2026', applicationsReceived: 2, thresholdNotMet: 0, reviewsCarriedOut: 2, reviewsWithRecommendations: 2 }]),
    },
    caseReviewReturn: {
      document: `query ($partnershipId: ID!) { caseReviewReturn(partnershipId: $partnershipId, period: CALENDAR_YEAR, fromYear: 2026, toYear: 2026) {
        label applicationsReceived thresholdNotMet reviewsCarriedOut reviewsWithRecommendations applicationsByChannel { channel count }
        onBehalfOfVictim independentChair recommendationsMade recommendationsAccepted secondaryReviewsRequested medianWorkingDaysToOutcome
      } }`,
      variables: (fx) => ({ partnershipId: fx.c.partnership.id }),
      // The partnership's commissioner's office, its CST and administrators; another partnership's office or CST may not know it.
      //     anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
      cells: [UA, OK, OK, NF, FB, FB, FB, FB, FB, FB, FB, OK, NF, FB, FB],
      // Both cases: received 2 March 2026 by phone for the victim by a carer, reviewed by an independent chair
      // with two recommendations (one accepted for case A), outcome not yet sent.
      check: (data) =>
        expect(data.caseReviewReturn).toEqual([
          {
            label: '2026',
            applicationsReceived: 2,
            thresholdNotMet: 0,
            reviewsCarriedOut: 2,
            reviewsWithRecommendations: 2,
            applicationsByChannel: [
              { channel: 'PHONE', count: 2 },
              { channel: 'POST', count: 0 },
              { channel: 'EMAIL', count: 0 },
              { channel: 'ONLINE', count: 0 },
              { channel: 'IN_PERSON', count: 0 },
            ],
            onBehalfOfVictim: 2,
            independentChair: 2,
            recommendationsMade: 4,
            recommendationsAccepted: 0,
            secondaryReviewsRequested: 0,
            medianWorkingDaysToOutcome: null,
          },
        ]),
    },
    reviewPrompts: {
      // The read fixture's two cases were recorded in turn by the police and the housing provider: each agency's second
      // report of the victim raised a prompt for that agency alone (A's housing record, B's police record).
      document: 'query { reviewPrompts { id kind incident { id agency { id } } partnership { id } } }',
      //     anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
      cells: [UA, FB, FB, FB, OK, OK, OK, OK, FB, FB, FB, FB, FB, FB, FB],
      check: (data, { fx, who }) => {
        const mine = data.reviewPrompts as { incident: { id: string; agency: { id: string } }; partnership: { id: string } }[];
        const want = who.user.agencyId === fx.c.housing.id ? [fx.A.mh] : who.user.agencyId === fx.c.police.id ? [fx.B.kp] : [];
        expect(sorted(mine.map((p) => p.incident.id))).toEqual(sorted(want));
        for (const p of mine) expect(p).toMatchObject({ incident: { agency: { id: who.user.agencyId } }, partnership: { id: fx.c.partnership.id } });
      },
    },
    overdueCases: {
      // The read fixture's two cases were received in March and never got an acknowledgement or an outcome letter.
      document: 'query ($partnershipId: ID!) { overdueCases(partnershipId: $partnershipId) { id milestones { milestone overdue } } }',
      variables: (fx) => ({ partnershipId: fx.c.partnership.id }),
      //     anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
      cells: [UA, FB, OK, NF, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB],
      check: (data, { fx }) => {
        expect(sorted(data.overdueCases.map((c: { id: string }) => c.id))).toEqual(sorted([fx.A.id, fx.B.id]));
        for (const c of data.overdueCases) expect(c.milestones).toContainEqual({ milestone: 'ACKNOWLEDGEMENT', overdue: true });
      },
    },
    accessLog: {
      document: 'query ($caseId: ID!) { accessLog(filter: { caseId: $caseId }, first: 5) { totalCount edges { node { action entity case { id } } } } }',
      variables: (fx) => ({ caseId: fx.A.id }),
      cells: [UA, FB, FB, FB, FB, FB, FB, FB, FB, FB, OK, FB, FB, FB, FB],
      check: (data, { fx }) => {
        expect(data.accessLog.totalCount).toBeGreaterThan(0);
        expect(data.accessLog.edges.length).toBeGreaterThan(0);
        for (const e of data.accessLog.edges) expect(e.node.case).toEqual({ id: fx.A.id });
      },
    },
    subjectAccessExport: {
      document: 'query ($p: ID!) { subjectAccessExport(personId: $p) { person { id name } records { id } incidents { id summary } cases { id } } }',
      variables: (fx) => ({ p: fx.A.victimId }),
      //     anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
      cells: [UA, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, OK, NF],
      // The victim's records at the council (one per case), the police and the housing provider, and the four incidents they reported.
      log: () => [...R('SubjectAccessExport', LAW), ...R('Person', LAW), ...R('Incident', LAW, 4)],
      check: (data, { fx }) => {
        const exp = data.subjectAccessExport;
        expect(exp.person).toEqual({ id: fx.A.victimId, name: 'Alex Victim' });
        expect(exp.records).toHaveLength(4);
        expect(sorted(exp.incidents.map((i: { id: string }) => i.id))).toEqual(sorted([fx.A.kp, fx.A.mh, fx.B.kp, fx.B.mh]));
        expect(sorted(exp.cases.map((c: { id: string }) => c.id))).toEqual(sorted([fx.A.id, fx.B.id]));
      },
    },
    verifyAccessLog: {
      document: 'query { verifyAccessLog { ok checked firstBrokenId } }',
      cells: [UA, FB, FB, FB, FB, FB, FB, FB, FB, FB, OK, FB, FB, FB, FB],
      check: (data) => {
        expect(data.verifyAccessLog).toMatchObject({ ok: true, firstBrokenId: null });
        expect(data.verifyAccessLog.checked).toBeGreaterThan(0);
      },
    },
  },

  Mutation: {
    // ------------------------------------------------------------ ADMIN
    createAgency: mutation<OrgFx>({
      document: 'mutation ($input: CreateAgencyInput!) { createAgency(input: $input) { id code } }',
      setup: orgSetup,
      variables: (f, caller) => ({ input: { code: `${f.tag}-${n(caller)}`, name: 'Matrix agency', kind: 'POLICE' } }),
      state: (f) => count(hub, 'SELECT count(*) AS n FROM agency WHERE code LIKE $1', [`${f.tag}-%`]),
      cells: ADMIN_ONLY,
      check: async (data, f) => {
        expect(data.createAgency.code).toMatch(new RegExp(`^${f.tag}-`));
        expect(await count(hub, 'SELECT count(*) AS n FROM agency WHERE id = $1', [data.createAgency.id])).toBe(1);
      },
    }),
    createPartnership: mutation<OrgFx>({
      document: 'mutation ($input: CreatePartnershipInput!) { createPartnership(input: $input) { id code leadAgency { id } } }',
      setup: orgSetup,
      variables: (f, caller) => ({ input: { code: `${f.tag}-${n(caller)}`, name: 'Matrix CSP', leadAgencyId: f.newcomer } }),
      state: (f) => count(hub, 'SELECT count(*) AS n FROM partnership WHERE code LIKE $1', [`${f.tag}-%`]),
      cells: ADMIN_ONLY,
      check: (data, f) => expect(data.createPartnership).toMatchObject({ code: expect.stringMatching(new RegExp(`^${f.tag}-`)), leadAgency: { id: f.newcomer } }),
    }),
    addAgencyToPartnership: mutation<OrgFx>({
      document: 'mutation ($partnershipId: ID!, $agencyId: ID!) { addAgencyToPartnership(partnershipId: $partnershipId, agencyId: $agencyId) { id agencies { id } } }',
      setup: orgSetup,
      variables: (f) => ({ partnershipId: f.c.partnership.id, agencyId: f.newcomer }),
      state: (f) => count(hub, 'SELECT count(*) AS n FROM partnership_agency WHERE partnership_id = $1', [f.c.partnership.id]),
      cells: ADMIN_ONLY,
      check: (data, f) => expect(data.addAgencyToPartnership.agencies.map((a: { id: string }) => a.id)).toContain(f.newcomer),
    }),
    addIndependentChair: mutation<OrgFx & { chairId: string }>({
      document: 'mutation ($partnershipId: ID!, $userId: ID!) { addIndependentChair(partnershipId: $partnershipId, userId: $userId) { id } }',
      setup: async () => {
        const f = await orgSetup();
        const chair = await buildUser(hub.dataSource, { agency: f.c.outsider, roles: [Role.PANEL_MEMBER], displayName: 'Another independent chair' });
        return { ...f, chairId: chair.id };
      },
      variables: (f) => ({ partnershipId: f.c.partnership.id, userId: f.chairId }),
      state: (f) => count(hub, 'SELECT count(*) AS n FROM partnership_independent_chair WHERE partnership_id = $1', [f.c.partnership.id]),
      log: W('PartnershipIndependentChair', OWN),
      cells: ADMIN_ONLY,
      check: async (data, f) => {
        expect(data.addIndependentChair.id).toBe(f.c.partnership.id);
        expect(await count(hub, 'SELECT count(*) AS n FROM partnership_independent_chair WHERE partnership_id = $1 AND user_id = $2', [f.c.partnership.id, f.chairId])).toBe(1);
      },
    }),
    createUser: mutation<OrgFx>({
      document: 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id email roles agency { id } } }',
      setup: orgSetup,
      variables: (f, caller) => ({ input: { email: `${f.tag}-${n(caller)}@example.test`.toLowerCase(), displayName: 'Matrix user', agencyId: f.c.police.id, roles: ['ADMIN'] } }),
      state: (f) => count(hub, 'SELECT count(*) AS n FROM app_user WHERE email LIKE $1', [`${f.tag.toLowerCase()}-%`]),
      cells: ADMIN_ONLY,
      check: (data, f) => expect(data.createUser).toMatchObject({ email: expect.stringMatching(new RegExp(`^${f.tag.toLowerCase()}-`)), roles: ['ADMIN'], agency: { id: f.c.police.id } }),
    }),

    // ------------------------------------------------------------ prompts at a repeat report
    markPromptExplained: mutation<PromptFx>({
      document: 'mutation ($promptId: ID!) { markPromptExplained(promptId: $promptId, channel: PHONE) { id explainedChannel explainedBy { id } } }',
      setup: promptSetup,
      variables: (f) => ({ promptId: f.promptId }),
      state: (f) => hub.dataSource.query('SELECT explained_at, explained_channel, explained_by_id FROM review_prompt WHERE id = $1', [f.promptId]),
      // The housing provider's prompt: its contributors and responders only; other agencies' may not know it exists.
      //     anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
      log: W('ReviewPrompt', OWN),
      cells: [UA, FB, FB, FB, OK, NF, OK, NF, FB, FB, FB, FB, FB, FB, FB],
      check: (data, f, who) => expect(data.markPromptExplained).toEqual({ id: f.promptId, explainedChannel: 'PHONE', explainedBy: { id: who.user.id } }),
    }),
    setHowToApply: mutation<OrgFx>({
      document: 'mutation ($partnershipId: ID!, $text: String!) { setHowToApply(partnershipId: $partnershipId, text: $text) { id howToApply } }',
      setup: orgSetup,
      variables: (f, caller) => ({ partnershipId: f.c.partnership.id, text: `Apply by phone (${n(caller)})` }),
      state: (f) => hub.dataSource.query('SELECT how_to_apply FROM partnership WHERE id = $1', [f.c.partnership.id]),
      //     anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
      log: W('Partnership', OWN),
      cells: [UA, OK, OK, NF, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB],
      check: (data, f) => expect(data.setHowToApply).toEqual({ id: f.c.partnership.id, howToApply: expect.stringMatching(/^Apply by phone/) }),
    }),

    setPartnershipTimescales: mutation<OrgFx>({
      document: `mutation ($partnershipId: ID!, $timescales: TimescalesInput!) { setPartnershipTimescales(partnershipId: $partnershipId, timescales: $timescales) {
        id timescales { acknowledgeWorkingDays thresholdDecisionWorkingDays panelWorkingDays outcomeWorkingDays } } }`,
      setup: orgSetup,
      variables: (f, caller) => ({ partnershipId: f.c.partnership.id, timescales: { acknowledgeWorkingDays: Number(n(caller)) || 1, thresholdDecisionWorkingDays: 12, panelWorkingDays: 20, outcomeWorkingDays: 30 } }),
      state: (f) => hub.dataSource.query('SELECT acknowledge_working_days, threshold_decision_working_days, panel_working_days, response_working_days FROM partnership WHERE id = $1', [f.c.partnership.id]),
      //     anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
      log: W('Partnership', OWN),
      cells: [UA, OK, OK, NF, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB],
      check: (data, f) =>
        expect(data.setPartnershipTimescales).toEqual({ id: f.c.partnership.id, timescales: { acknowledgeWorkingDays: expect.any(Number), thresholdDecisionWorkingDays: 12, panelWorkingDays: 20, outcomeWorkingDays: 30 } }),
    }),
    setLetterTemplate: mutation<OrgFx>({
      document: 'mutation ($partnershipId: ID!, $text: String) { setLetterTemplate(partnershipId: $partnershipId, kind: DELAY, text: $text) { kind text custom } }',
      setup: orgSetup,
      variables: (f, caller) => ({ partnershipId: f.c.partnership.id, text: `Sorry ({{reference}}, ${n(caller)}): {{delayReason}}` }),
      state: (f) => hub.dataSource.query('SELECT kind, body FROM letter_template WHERE partnership_id = $1', [f.c.partnership.id]),
      // The CST's wording: an administrator sets partnerships up but does not write their letters.
      log: W('LetterTemplate', OWN),
      cells: CST_STEP,
      check: (data) => expect(data.setLetterTemplate).toMatchObject({ kind: 'DELAY', custom: true, text: expect.stringMatching(/^Sorry/) }),
    }),
    setLetterhead: mutation<OrgFx>({
      document: 'mutation ($partnershipId: ID!, $text: String!) { setLetterhead(partnershipId: $partnershipId, text: $text) { id letterhead } }',
      setup: orgSetup,
      variables: (f, caller) => ({ partnershipId: f.c.partnership.id, text: `Gun Wharf ${n(caller)}\nChatham` }),
      state: (f) => hub.dataSource.query('SELECT address FROM letterhead WHERE partnership_id = $1', [f.c.partnership.id]),
      log: W('Letterhead', OWN),
      cells: CST_STEP,
      check: (data, f) => expect(data.setLetterhead).toEqual({ id: f.c.partnership.id, letterhead: expect.stringMatching(/^Gun Wharf \d+\nChatham$/) }),
    }),

    // ------------------------------------------------------------ CONTRIBUTOR
    recordIncidents: mutation<OrgFx>({
      document: 'mutation ($incidents: [IncidentInput!]!) { recordIncidents(incidents: $incidents) { created updated unchanged incidents { id reference agency { id } } } }',
      setup: orgSetup,
      variables: (f, caller) => ({ incidents: [victimIncident(`${f.tag}-${n(caller)}`, '2026-02-10T20:00:00Z', '2026-02-10T21:00:00Z')] }),
      state: (f) => count(hub, 'SELECT count(*) AS n FROM incident WHERE reference LIKE $1', [`${f.tag}-%`]),
      //     anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
      log: [...W('Incident', OWN), ...W('Person', OWN)],
      cells: [UA, FB, FB, FB, OK, OK, FB, FB, FB, FB, FB, FB, FB, FB, FB],
      check: (data, _f, who) => {
        expect(data.recordIncidents).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
        // Always for the caller's own agency.
        expect(data.recordIncidents.incidents[0].agency.id).toBe(who.user.agencyId);
      },
    }),

    // ------------------------------------------------------------ CST_OFFICER
    submitApplication: mutation<CaseFx>({
      document: `mutation ($input: ApplicationInput!) { submitApplication(input: $input) { ${CASE_SUMMARY} partnership { id } } }`,
      setup: async () => ({ c: await buildCast(hub), k: undefined as unknown as CaseAt, extra: '' }),
      variables: (f) => ({ input: application(f.c) }),
      state: (f) => count(hub, 'SELECT count(*) AS n FROM case_review WHERE partnership_id = $1', [f.c.partnership.id]),
      log: [...W('CaseReview', OWN), ...W('Consent', OWN), ...W('Person', OWN, 2)],
      cells: CST_STEP,
      check: async (data, f) => {
        expect(data.submitApplication).toMatchObject({ status: 'RECEIVED', version: 1, consent: { active: true }, partnership: { id: f.c.partnership.id } });
        expect(await count(hub, 'SELECT count(*) AS n FROM case_review WHERE partnership_id = $1', [f.c.partnership.id])).toBe(1);
      },
    }),
    linkIncidents: mutation<CaseFx>({
      document: `mutation ($caseId: ID!, $incidentIds: [ID!]!) { linkIncidents(caseId: $caseId, incidentIds: $incidentIds) { ${CASE_SUMMARY} incidents { id } } }`,
      setup: caseSetup('RECEIVED'),
      variables: (f) => ({ caseId: f.k.id, incidentIds: [f.extra] }),
      state: stateOfCase,
      log: W('CaseReview', OWN),
      cells: CST_STEP,
      check: (data, f) => expect(sorted(data.linkIncidents.incidents.map((i: { id: string }) => i.id))).toEqual(sorted([f.k.kp, f.k.mh, f.extra])),
    }),
    unlinkIncidents: mutation<CaseFx>({
      document: `mutation ($caseId: ID!, $incidentIds: [ID!]!) { unlinkIncidents(caseId: $caseId, incidentIds: $incidentIds) { ${CASE_SUMMARY} incidents { id } } }`,
      setup: caseSetup('RECEIVED'),
      variables: (f) => ({ caseId: f.k.id, incidentIds: [f.k.kp] }),
      state: stateOfCase,
      log: W('CaseReview', OWN),
      cells: CST_STEP,
      check: (data, f) => expect(data.unlinkIncidents.incidents).toEqual([{ id: f.k.mh }]),
    }),
    decideThreshold: mutation<CaseFx>({
      document: `mutation ($caseId: ID!, $met: Boolean!, $reason: String!) { decideThreshold(caseId: $caseId, met: $met, reason: $reason) { ${CASE_SUMMARY} } }`,
      setup: caseSetup('RECEIVED'),
      variables: (f) => ({ caseId: f.k.id, met: true, reason: 'Met on discretion' }),
      state: stateOfCase,
      log: W('CaseReview', OWN),
      cells: CST_STEP,
      check: (data) => expect(data.decideThreshold.status).toBe('IN_REVIEW'),
    }),
    requestInformation: mutation<CaseFx>({
      document: `mutation ($caseId: ID!, $agencyId: ID!, $question: String!, $dueOn: Date!) {
        requestInformation(caseId: $caseId, agencyId: $agencyId, question: $question, dueOn: $dueOn) { id question agency { id } } }`,
      setup: caseSetup('IN_REVIEW'),
      variables: (f) => ({ caseId: f.k.id, agencyId: f.c.housing2.id, question: 'What did Clarion do?', dueOn: '2030-01-01' }),
      state: stateOfCase,
      log: W('CaseReview', OWN),
      cells: CST_STEP,
      check: (data, f) => expect(data.requestInformation).toMatchObject({ question: 'What did Clarion do?', agency: { id: f.c.housing2.id } }),
    }),
    schedulePanel: mutation<CaseFx>({
      document: `mutation ($caseId: ID!, $meetingAt: DateTime!, $chairId: ID!, $memberIds: [ID!]!, $independentChair: Boolean!) {
        schedulePanel(caseId: $caseId, meetingAt: $meetingAt, chairId: $chairId, memberIds: $memberIds, independentChair: $independentChair) { ${CASE_SUMMARY} } }`,
      setup: caseSetup('IN_REVIEW'),
      variables: (f) => ({ caseId: f.k.id, meetingAt: '2026-04-01T10:00:00Z', chairId: f.c.chair.user.id, memberIds: [f.c.policePanelMember.user.id], independentChair: true }),
      state: stateOfCase,
      log: W('CaseReview', OWN),
      cells: CST_STEP,
      check: (data) => expect(data.schedulePanel.status).toBe('PANEL_SCHEDULED'),
    }),
    notifyDelay: mutation<CaseFx>({
      document: `mutation ($caseId: ID!, $reason: String!) { notifyDelay(caseId: $caseId, reason: $reason) { ${CASE_SUMMARY} } }`,
      setup: caseSetup('RECEIVED'),
      variables: (f) => ({ caseId: f.k.id, reason: 'Waiting for the police' }),
      state: stateOfCase,
      log: W('CaseReview', OWN),
      cells: CST_STEP,
      check: async (data, f) => {
        expect(data.notifyDelay).toMatchObject({ status: 'RECEIVED', version: 3 });
        expect(await count(hub, "SELECT count(*) AS n FROM case_event WHERE case_id = $1 AND type = 'DELAY_NOTIFIED'", [f.k.id])).toBe(1);
      },
    }),
    markOutcomeSent: mutation<CaseFx>({
      document: `mutation ($caseId: ID!) { markOutcomeSent(caseId: $caseId) { ${CASE_SUMMARY} } }`,
      setup: caseSetup('REVIEWED'),
      variables: (f) => ({ caseId: f.k.id }),
      state: stateOfCase,
      log: W('CaseReview', OWN),
      cells: CST_STEP,
      check: (data) => expect(data.markOutcomeSent.status).toBe('OUTCOME_SENT'),
    }),
    requestSecondaryReview: mutation<CaseFx>({
      document: `mutation ($caseId: ID!, $reason: String!) { requestSecondaryReview(caseId: $caseId, reason: $reason) { ${CASE_SUMMARY} } }`,
      setup: caseSetup('THRESHOLD_NOT_MET'),
      variables: (f) => ({ caseId: f.k.id, reason: 'The applicant disagrees' }),
      state: stateOfCase,
      log: W('CaseReview', OWN),
      cells: CST_STEP,
      check: (data) => expect(data.requestSecondaryReview.status).toBe('SECONDARY_REVIEW'),
    }),
    closeCase: mutation<CaseFx>({
      document: `mutation ($caseId: ID!, $reason: String!) { closeCase(caseId: $caseId, reason: $reason) { ${CASE_SUMMARY} } }`,
      setup: caseSetup('THRESHOLD_NOT_MET'),
      variables: (f) => ({ caseId: f.k.id, reason: 'Mediation arranged' }),
      state: stateOfCase,
      log: W('CaseReview', OWN),
      cells: CST_STEP,
      check: (data) => expect(data.closeCase.status).toBe('CLOSED'),
    }),
    recordContact: mutation<CaseFx>({
      document: `mutation ($caseId: ID!) { recordContact(caseId: $caseId, contact: { direction: TO_APPLICANT, channel: PHONE, summary: "Told them it is received" }) { ${CASE_SUMMARY} contacts { summary by { id } } } }`,
      setup: caseSetup('RECEIVED'),
      variables: (f) => ({ caseId: f.k.id }),
      state: async (f) => [await stateOfCase(f), await count(hub, 'SELECT count(*) AS n FROM contact WHERE case_id = $1', [f.k.id])],
      log: [...W('CaseReview', OWN), ...W('Contact', OWN), ...R('Contact', OWN)],
      cells: CST_STEP,
      check: (data, _f, who) => expect(data.recordContact.contacts).toEqual([{ summary: 'Told them it is received', by: { id: who.user.id } }]),
    }),
    setVictimInvolvement: mutation<CaseFx>({
      document: `mutation ($caseId: ID!) { setVictimInvolvement(caseId: $caseId, involvement: { wantsToAttendPanel: true, attendance: ONLINE, updateEveryDays: 14 }) { ${CASE_SUMMARY} involvement { attendance updateEveryDays } } }`,
      setup: caseSetup('RECEIVED'),
      variables: (f) => ({ caseId: f.k.id }),
      state: async (f) => [await stateOfCase(f), await count(hub, 'SELECT count(*) AS n FROM victim_involvement WHERE case_id = $1', [f.k.id])],
      log: [...W('CaseReview', OWN), ...W('VictimInvolvement', OWN)],
      cells: CST_STEP,
      check: (data) => expect(data.setVictimInvolvement.involvement).toEqual({ attendance: 'ONLINE', updateEveryDays: 14 }),
    }),
    withdrawApplication: mutation<CaseFx>({
      document: `mutation ($caseId: ID!, $reason: String!) { withdrawApplication(caseId: $caseId, reason: $reason) { ${CASE_SUMMARY} } }`,
      setup: caseSetup('RECEIVED'),
      variables: (f) => ({ caseId: f.k.id, reason: 'The applicant withdrew' }),
      state: stateOfCase,
      log: W('CaseReview', OWN),
      cells: CST_STEP,
      check: (data) => expect(data.withdrawApplication.status).toBe('WITHDRAWN'),
    }),
    withdrawConsent: mutation<CaseFx>({
      document: `mutation ($caseId: ID!) { withdrawConsent(caseId: $caseId) { ${CASE_SUMMARY} } }`,
      setup: caseSetup('RECEIVED'),
      variables: (f) => ({ caseId: f.k.id }),
      state: stateOfCase,
      log: [...W('CaseReview', OWN), ...W('Consent', OWN)],
      cells: CST_STEP,
      check: (data) => expect(data.withdrawConsent).toMatchObject({ status: 'RECEIVED', consent: { active: false } }),
    }),

    // The victim withdrew consent on an earlier case; a second CST officer submitted the new one: the CST confirms.
    confirmConsent: mutation<CaseFx>({
      document: `mutation ($caseId: ID!, $note: String!) { confirmConsent(caseId: $caseId, note: $note) { ${CASE_SUMMARY} consent { awaitingConfirmation confirmedBy { id } } } }`,
      setup: async () => {
        const c = await buildCast(hub);
        const earlier = await caseAt(hub, c, 'RECEIVED');
        await withdrawConsent(hub, c, earlier.id);
        const submitter = await buildUser(hub.dataSource, { agency: c.council, roles: [Role.CST_OFFICER], displayName: 'Submitting officer' });
        const { submitApplication } = await send(hub, SubmitApplicationDocument, { input: application(c) }, await hub.tokenFor(submitter.email));
        return { c, k: { ...earlier, id: submitApplication.id }, extra: '' };
      },
      variables: (f) => ({ caseId: f.k.id, note: 'Consent checked by phone with the victim' }),
      state: stateOfCase,
      log: [...W('CaseReview', OWN), ...W('Consent', OWN)],
      cells: CST_STEP,
      check: (data, f) =>
        expect(data.confirmConsent).toMatchObject({ consent: { active: true, awaitingConfirmation: false, confirmedBy: { id: f.c.cst.user.id } } }),
    }),

    // ------------------------------------------------------------ the risk assessment
    assessRisk: mutation<CaseFx>({
      document: `mutation ($caseId: ID!, $answers: [RiskAnswerInput!]!) { assessRisk(caseId: $caseId, answers: $answers) { ${CASE_SUMMARY} riskAssessment { level version assessedBy { id } } } }`,
      setup: caseSetup('REVIEWED'),
      variables: (f) => ({
        caseId: f.k.id,
        answers: ['repeat', 'hate', 'violence', 'vulnerable', 'health', 'children', 'home', 'isolated', 'targeted', 'selfharm'].map((questionId) => ({ questionId, answer: questionId === 'violence' })),
      }),
      state: async (f) => [await caseState(hub, f.k.id), await count(hub, 'SELECT count(*) AS n FROM risk_assessment WHERE case_id = $1', [f.k.id])],
      // The partnership's CST and the case's panel members; a panel member not on it, or another partnership's CST, may not know the case.
      //     anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
      log: (caller) => (caller === 'CST_OFFICER (partnership)' ? [...W('CaseReview', OWN), ...W('RiskAssessment', OWN)] : [...W('CaseReview', SCH4), ...W('RiskAssessment', SCH4)]),
      cells: [UA, FB, OK, NF, FB, FB, FB, FB, OK, NF, FB, FB, FB, FB, FB],
      extra: { 'PANEL_MEMBER (chair)': OK },
      check: (data, _f, who) => expect(data.assessRisk.riskAssessment).toEqual({ level: 'HIGH', version: 1, assessedBy: { id: who.user.id } }),
    }),

    // ------------------------------------------------------------ the panel's chair
    recordPanelOutcome: mutation<CaseFx>({
      document: `mutation ($caseId: ID!, $findings: String!, $recommendations: [RecommendationInput!]!) {
        recordPanelOutcome(caseId: $caseId, findings: $findings, recommendations: $recommendations) { ${CASE_SUMMARY} } }`,
      setup: caseSetup('PANEL_SCHEDULED'),
      variables: (f) => ({ caseId: f.k.id, findings: 'Nobody joined the reports up.', recommendations: [{ agencyId: f.c.police.id, text: 'Flag the address' }] }),
      state: stateOfCase,
      // A member of the panel who is not its chair knows the case: FORBIDDEN; a panel member not on it: NOT_FOUND.
      //     anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
      log: [...W('CaseReview', SCH4), ...W('Recommendation', SCH4)],
      cells: [UA, FB, FB, FB, FB, FB, FB, FB, FB, NF, FB, FB, FB, FB, FB],
      extra: { 'PANEL_MEMBER (chair)': OK },
      check: (data) => expect(data.recordPanelOutcome.status).toBe('REVIEWED'),
    }),

    // ------------------------------------------------------------ RESPONDER of the addressed agency
    respondToInformationRequest: mutation<CaseFx>({
      document: `mutation ($requestId: ID!, $summary: String!, $actionsTaken: [String!]!) {
        respondToInformationRequest(requestId: $requestId, summary: $summary, actionsTaken: $actionsTaken) { id response { summary respondedBy { id } } } }`,
      setup: caseSetup('IN_REVIEW'),
      variables: (f) => ({ requestId: f.k.requests.housing, summary: 'Tenancy warning issued', actionsTaken: ['Warning letter'] }),
      state: stateOfCase,
      log: [...W('CaseReview', SCH4), ...W('InformationRequest', SCH4), ...R('InformationRequest', OWN)],
      cells: ADDRESSED_RESPONDER,
      check: (data, f, who) =>
        expect(data.respondToInformationRequest).toMatchObject({ id: f.k.requests.housing, response: { summary: 'Tenancy warning issued', respondedBy: { id: who.user.id } } }),
    }),
    respondToRecommendation: mutation<CaseFx>({
      document: `mutation ($recommendationId: ID!, $decision: RecommendationDecision!, $reason: String) {
        respondToRecommendation(recommendationId: $recommendationId, decision: $decision, reason: $reason) { id status respondedBy { id } } }`,
      setup: caseSetup('REVIEWED'),
      variables: (f) => ({ recommendationId: f.k.recommendations.housing, decision: 'ACCEPTED' }),
      state: stateOfCase,
      log: [...W('CaseReview', SCH4), ...W('Recommendation', SCH4)],
      cells: ADDRESSED_RESPONDER,
      check: (data, f, who) => expect(data.respondToRecommendation).toMatchObject({ id: f.k.recommendations.housing, status: 'ACCEPTED', respondedBy: { id: who.user.id } }),
    }),
    completeRecommendation: mutation<CaseFx>({
      document: `mutation ($recommendationId: ID!, $note: String) { completeRecommendation(recommendationId: $recommendationId, note: $note) { id status completedAt } }`,
      setup: caseSetup('ACCEPTED'),
      variables: (f) => ({ recommendationId: f.k.recommendations.housing, note: 'Notice served' }),
      state: stateOfCase,
      log: [...W('CaseReview', SCH4), ...W('Recommendation', SCH4)],
      cells: ADDRESSED_RESPONDER,
      check: (data, f) => expect(data.completeRecommendation).toMatchObject({ id: f.k.recommendations.housing, status: 'COMPLETED' }),
    }),

    // ------------------------------------------------------------ data protection
    setRetentionPolicy: mutation<OrgFx>({
      document: 'mutation ($p: ID!, $years: Int!) { setRetentionPolicy(partnershipId: $p, policy: { caseYears: $years, incidentYears: 6 }) { id retention { caseYears incidentYears } } }',
      setup: orgSetup,
      variables: (f, caller) => ({ p: f.c.partnership.id, years: 2 + Number(n(caller)) }),
      state: (f) => hub.dataSource.query('SELECT case_years, incident_years FROM retention_policy WHERE partnership_id = $1', [f.c.partnership.id]),
      // Administrators, and the lead agency's data protection officer; another partnership's officer may not know it.
      //     anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
      cells: [UA, OK, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, OK, NF],
      log: W('RetentionPolicy', OWN),
      check: (data, f) => expect(data.setRetentionPolicy).toEqual({ id: f.c.partnership.id, retention: { caseYears: expect.any(Number), incidentYears: 6 } }),
    }),
    applyRetention: mutation<CaseFx>({
      document: 'mutation ($p: ID!) { applyRetention(partnershipId: $p) { persons incidents cases } }',
      setup: caseSetup('RECEIVED'),
      variables: (f) => ({ p: f.c.partnership.id }),
      state: async (f) => [await stateOfCase(f), await count(hub, 'SELECT count(*) AS n FROM erasure WHERE entity_id = $1', [f.k.victimId])],
      cells: ADMIN_ONLY,
      // Nothing of a case received this year is past its retention.
      check: (data) => expect(data.applyRetention).toEqual({ persons: 0, incidents: 0, cases: 0 }),
    }),
    erasePerson: mutation<CaseFx>({
      document: 'mutation ($p: ID!) { erasePerson(personId: $p, reason: "The victim asked to be erased") { persons incidents cases } }',
      setup: caseSetup('RECEIVED'),
      variables: (f) => ({ p: f.k.victimId }),
      state: (f) => hub.dataSource.query('SELECT name, date_of_birth FROM person WHERE id = $1', [f.k.victimId]),
      //     anon  ADMIN CST  oCST  CONo CONx RESa RESx PANo PANx AUD  OVp  OVx  DPO  oDPO
      cells: [UA, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, FB, OK, NF],
      // The victim's council record, their police and housing records, the three incidents those reported, the case.
      log: [...W('Person', LAW, 3), ...W('Incident', LAW, 3), ...W('CaseReview', LAW)],
      check: (data) => expect(data.erasePerson).toEqual({ persons: 3, incidents: 3, cases: 1 }),
    }),
  },
};

// ---------------------------------------------------------------- running the table

const CONSENT_STATES: ConsentState[] = ['consent active', 'consent withdrawn'];

type QueryCell = { title: string; field: string; caller: Caller; consent: ConsentState; outcome: Outcome };
const QUERY_CELLS: QueryCell[] = Object.entries(TABLE.Query).flatMap(([field, row]) =>
  CALLERS.flatMap((caller, i) => {
    const cell = row.cells[i];
    const states: ConsentState[] = row.consentMatters ? CONSENT_STATES : ['consent active'];
    return states.map((state) => {
      const outcome = typeof cell === 'string' ? cell : state === 'consent active' ? cell.active : cell.withdrawn;
      const title = `${field} as ${caller}${row.consentMatters ? ` [${state}]` : ''} → ${outcome}`;
      return { title, field, caller, consent: state, outcome };
    });
  }),
);

type MutationCell = { title: string; field: string; caller: Caller | ExtraCaller; outcome: Outcome };
const MUTATION_CELLS: MutationCell[] = Object.entries(TABLE.Mutation).flatMap(([field, row]) => {
  const cells: [Caller | ExtraCaller, Cell][] = [...CALLERS.map((caller, i) => [caller, row.cells[i]] as [Caller, Cell]), ...(Object.entries(row.extra ?? {}) as [ExtraCaller, Outcome][])];
  return cells.map(([caller, cell]) => {
    if (typeof cell !== 'string') throw new Error(`${field}: mutation rows take one outcome per caller`);
    return { title: `${field} as ${caller} → ${cell}`, field, caller, outcome: cell };
  });
});

/** A refusal: exactly one error with the expected code, and no data for the field. */
function expectRefusal(res: GraphQLResponse, field: string, outcome: Outcome) {
  expect(codes(res)).toEqual([outcome]);
  expect(res.data?.[field] ?? null).toBeNull();
}

describe('the authorization matrix', () => {
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  it('has one row for every Query and Mutation field of the served schema, and none for a field it does not serve', async () => {
    const schema = await buildHubSchema();
    for (const [root, type] of [['Query', schema.getQueryType()], ['Mutation', schema.getMutationType()]] as const) {
      const served = Object.keys(type!.getFields()).sort();
      const rows = Object.keys(TABLE[root]).sort();
      const withoutRow = served.filter((f) => !rows.includes(f));
      const notServed = rows.filter((f) => !served.includes(f));
      expect({ root, withoutRow, notServed }).toEqual({ root, withoutRow: [], notServed: [] });
    }
  });

  describe('queries', () => {
    let fx: ReadFx;
    beforeAll(async () => {
      fx = await buildReadFx();
    });

    it.each(QUERY_CELLS)('$title', async ({ field, caller, consent: state, outcome }) => {
      const row = TABLE.Query[field];
      const the = state === 'consent active' ? fx.A : fx.B;
      const who = personFor(fx.c, caller);
      const before = await lastEntry();
      const res = await hub.gql(row.document, row.variables?.(fx, the) ?? {}, who?.token ?? null);
      if (outcome === 'ok' || outcome === 'redacted') {
        expect(res.errors).toBeUndefined();
        const ctx: ReadCtx = { fx, caller, who: who!, outcome, consent: state, the };
        await row.check(res.data, ctx);
        expect(await written(who!.user.id, before)).toEqual([...(row.log?.(ctx) ?? [])].sort());
      } else {
        expectRefusal(res, field, outcome);
        if (who) expect(await written(who.user.id, before)).toEqual([]);
      }
    });
  });

  describe('mutations', () => {
    /** One fixture per row for the refusals, built on first use. */
    const shared = new Map<string, Promise<any>>();

    it.each(MUTATION_CELLS)('$title', async ({ field, caller, outcome }) => {
      const row = TABLE.Mutation[field];
      if (outcome === 'ok') {
        const f = await row.setup();
        const who = personFor(f.c, caller)!;
        const before = await lastEntry();
        const res = await hub.gql(row.document, row.variables(f, caller), who.token);
        expect(res.errors).toBeUndefined();
        await row.check(res.data, f, who);
        const log = typeof row.log === 'function' ? row.log(caller) : row.log ?? [];
        expect(await written(who.user.id, before)).toEqual([...log].sort());
        return;
      }
      if (!shared.has(field)) shared.set(field, row.setup());
      const f = await shared.get(field)!;
      const who = personFor(f.c, caller);
      const before = await row.state(f);
      const mark = await lastEntry();
      const res = await hub.gql(row.document, row.variables(f, caller), who?.token ?? null);
      expectRefusal(res, field, outcome);
      // A refused mutation changes nothing, and writes no entry.
      expect(await row.state(f)).toEqual(before);
      if (who) expect(await written(who.user.id, mark)).toEqual([]);
    });
  });
});
