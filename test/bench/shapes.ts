import type { Dataset } from './dataset';

/*
 * The query shapes of issue 7, for the hub and (Q2 to Q4) for PostGraphile.
 * The peer is asked for the same rows and columns through its own generated
 * schema. Where the hub answers something it computes (a due date, a
 * threshold suggestion, a user behind an id with no foreign key), the peer
 * gets the raw column it would be computed from.
 */

export type ShapeName = 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'M1' | 'M2';

export type Tokens = {
  cst: string;
  /** By email: the chair of each large case. */
  chairs: Map<string, string>;
  policeContributor: string;
  policeResponder: string;
  contributors: string[];
};

/** One GraphQL request: the document, its variables, and who sends it. */
export type Call = { query: string; variables: Record<string, unknown>; token?: string };

export type Shape = {
  name: ShapeName;
  title: string;
  /** Concurrent connections the driver keeps open. */
  connections: number;
  /** Rows written per request (M1), to report rows per second. */
  rowsPerRequest?: number;
  /** The i-th request (the driver cycles i). */
  call: (i: number) => Call;
  /** Why a response is wrong, or null. */
  check: (data: any) => string | null;
};

const PERSON = 'id kind name dateOfBirth address postcode phone email redacted';

export const HUB_DOCUMENTS = {
  Q1: `query BenchCase($id: ID!) { caseReview(id: $id) { id reference status version receivedAt channel relationship responseDueOn outcomeSentAt } }`,
  Q2: `query BenchCases($partnershipId: ID!) {
    caseReviews(filter: { partnershipId: $partnershipId }, first: 20) { edges { node { id reference status receivedAt responseDueOn } } }
  }`,
  Q3: `query BenchCaseHistory($id: ID!) {
    caseReview(id: $id) {
      id reference status version receivedAt responseDueOn secondaryReviewDueOn outcomeSentAt secondaryReviewRequestedAt
      consent { givenAt channel withdrawnAt active }
      channel relationship partnership { id code }
      applicant { ${PERSON} } victim { ${PERSON} }
      reportedIncidents { occurredOn reportedToName reportedToOrganisation reportedToReference details }
      incidents {
        id reference occurredAt reportedAt category summary location redacted version
        agency { id code name }
        reporter { ${PERSON} }
      }
      thresholdSuggestion { met qualifyingReports ruleIndex qualifyingIncidents { id } }
      thresholdDecision { met reason alternativeAction decidedAt decidedBy { id displayName } }
      informationRequests { id question dueOn agency { id code } response { summary actionsTaken respondedAt respondedBy { id displayName } } }
      panel { meetingAt independentChair findings reviewedAt members { isChair user { id displayName } } }
      recommendations { id text dueOn status responseReason respondedAt completedAt agency { id code } respondedBy { id } }
      events { at type note actor { id } }
    }
  }`,
  Q4: `query BenchIncidents($agencyId: ID!, $first: Int!) {
    incidents(filter: { agencyId: $agencyId }, first: $first) {
      edges { node { id reference occurredAt reportedAt category summary location agency { id code name } reporter { id name postcode redacted } } }
    }
  }`,
  M1: `mutation BenchRecordIncidents($incidents: [IncidentInput!]!) { recordIncidents(incidents: $incidents) { created updated unchanged } }`,
  M2: `mutation BenchRespond($id: ID!, $decision: RecommendationDecision!, $reason: String) {
    respondToRecommendation(recommendationId: $id, decision: $decision, reason: $reason) { id status respondedAt }
  }`,
};

const PEER_PERSON = 'rowId kind name dateOfBirth address postcode phone email';

export const PEER_DOCUMENTS = {
  Q2: `query PeerCases($partnershipId: UUID!) {
    allCaseReviews(condition: { partnershipId: $partnershipId }, orderBy: [RECEIVED_AT_DESC, ROW_ID_DESC], first: 20) {
      nodes { rowId reference status receivedAt }
    }
  }`,
  Q3: `query PeerCaseHistory($id: UUID!) {
    caseReviewByRowId(rowId: $id) {
      rowId reference status version receivedAt outcomeSentAt secondaryReviewRequestedAt
      consentGivenAt consentChannel consentWithdrawnAt channel relationship partnershipByPartnershipId { rowId code }
      personByApplicantId { ${PEER_PERSON} } personByVictimId { ${PEER_PERSON} }
      reportedIncidents
      caseIncidentsByCaseId {
        nodes { incidentByIncidentId {
          rowId reference occurredAt reportedAt category summary location version
          agencyByAgencyId { rowId code name }
          personByReporterId { ${PEER_PERSON} }
        } }
      }
      thresholdMet thresholdReason thresholdAlternativeAction thresholdDecidedAt appUserByThresholdDecidedById { rowId displayName }
      informationRequestsByCaseId { nodes { rowId question dueOn agencyByAgencyId { rowId code } responseSummary responseActions respondedAt respondedById } }
      panelsByCaseId { nodes { meetingAt independentChair findings reviewedAt panelMembersByPanelId { nodes { isChair appUserByUserId { rowId displayName } } } } }
      recommendationsByCaseId { nodes { rowId text dueOn status responseReason respondedAt completedAt agencyByAgencyId { rowId code } respondedById } }
      caseEventsByCaseId(orderBy: ROW_ID_ASC) { nodes { at type note actorId } }
    }
  }`,
  Q4: `query PeerIncidents($agencyId: UUID!) {
    allIncidents(condition: { agencyId: $agencyId }, orderBy: [REPORTED_AT_DESC, ROW_ID_DESC], first: 100) {
      nodes { rowId reference occurredAt reportedAt category summary location agencyByAgencyId { rowId code name } personByReporterId { rowId name postcode } }
    }
  }`,
};

const sized = (what: string, list: unknown[] | undefined, expected: number) =>
  list?.length === expected ? null : `${what}: expected ${expected}, got ${list?.length ?? 'nothing'}`;

/** An incident row for M1: new every time (run, batch and row in the reference). */
function newIncident(run: string, batch: number, row: number) {
  const day = 1 + ((batch * 7 + row) % 28);
  return {
    reference: `M1-${run}-${batch}-${row}`,
    occurredAt: `2026-10-${String(day).padStart(2, '0')}T21:${String(row % 60).padStart(2, '0')}:00Z`,
    reportedAt: `2026-10-${String(day).padStart(2, '0')}T22:${String(row % 60).padStart(2, '0')}:00Z`,
    category: 'NOISE',
    summary: `Loud music and shouting from the flat above, batch ${batch} row ${row}`,
    location: `${row % 200} Bench Road`,
    // 50 reporters a batch: most rows find a person already recorded in the batch.
    reporter: { kind: 'INDIVIDUAL', name: `M1 Reporter ${batch % 97}-${row % 50}`, postcode: `BE${row % 50} 1AA` },
  };
}

export function hubShapes(data: Dataset, tokens: Tokens, connections: number): Shape[] {
  const run = Date.now().toString(36);
  const policeId = data.agencyId(2);
  return [
    {
      name: 'Q1',
      title: 'one case by id (scalars)',
      connections,
      call: (i) => ({ query: HUB_DOCUMENTS.Q1, variables: { id: data.caseId((i % data.cases) + 1) }, token: tokens.cst }),
      check: (d) => (d?.caseReview?.reference ? null : 'no case'),
    },
    {
      name: 'Q2',
      title: 'first 20 cases of a partnership: status, due date',
      connections,
      call: () => ({ query: HUB_DOCUMENTS.Q2, variables: { partnershipId: data.partnershipId }, token: tokens.cst }),
      check: (d) => sized('cases', d?.caseReviews?.edges, 20),
    },
    {
      name: 'Q3',
      title: 'full case history, 40 linked incidents',
      connections,
      call: (i) => {
        const k = i % data.largeCaseIds.length;
        return { query: HUB_DOCUMENTS.Q3, variables: { id: data.largeCaseIds[k] }, token: tokens.chairs.get(data.largeCaseChairs[k]) };
      },
      check: (d) => sized('linked incidents', d?.caseReview?.incidents, 40) ?? sized('recommendations', d?.caseReview?.recommendations, 3),
    },
    {
      name: 'Q4',
      title: 'incidents page of 100 with agency and reporter',
      connections,
      // The page size as a variable, as clients send it (a literal 100 is costed as 100 copies by graphql-armor).
      call: () => ({ query: HUB_DOCUMENTS.Q4, variables: { agencyId: policeId, first: 100 }, token: tokens.policeContributor }),
      check: (d) => sized('incidents', d?.incidents?.edges, 100),
    },
    {
      name: 'M1',
      title: 'recordIncidents, batches of 1000 new incidents',
      // One connection per core-and-a-half: batches of one agency queue on its intake lock anyway.
      connections: 4,
      rowsPerRequest: 1000,
      call: (i) => ({
        query: HUB_DOCUMENTS.M1,
        variables: { incidents: Array.from({ length: 1000 }, (_, row) => newIncident(run, i, row)) },
        token: tokens.contributors[i % tokens.contributors.length],
      }),
      check: (d) => (d?.recordIncidents?.created === 1000 ? null : `created ${d?.recordIncidents?.created}`),
    },
    {
      name: 'M2',
      title: 'respondToRecommendation',
      connections,
      call: (i) => {
        const accept = Math.floor(i / data.policeRecommendationIds.length) % 2 === 0;
        return {
          query: HUB_DOCUMENTS.M2,
          variables: { id: data.policeRecommendationIds[i % data.policeRecommendationIds.length], decision: accept ? 'ACCEPTED' : 'DECLINED', reason: accept ? null : 'Already in place' },
          token: tokens.policeResponder,
        };
      },
      check: (d) => (d?.respondToRecommendation?.status ? null : 'no response recorded'),
    },
  ];
}

/**
 * The peer's shapes. With `tokens` (the RLS peer) each request carries the
 * token the hub's shape sends, so the policies see the same caller; without
 * (the owner peer) no token: it would ignore one.
 */
export function peerShapes(data: Dataset, connections: number, tokens: Tokens | null): Shape[] {
  const policeId = data.agencyId(2);
  return [
    {
      name: 'Q2',
      title: 'first 20 cases of a partnership',
      connections,
      call: () => ({ query: PEER_DOCUMENTS.Q2, variables: { partnershipId: data.partnershipId }, token: tokens?.cst }),
      check: (d) => sized('cases', d?.allCaseReviews?.nodes, 20),
    },
    {
      name: 'Q3',
      title: 'full case history, 40 linked incidents',
      connections,
      call: (i) => {
        const k = i % data.largeCaseIds.length;
        return { query: PEER_DOCUMENTS.Q3, variables: { id: data.largeCaseIds[k] }, token: tokens?.chairs.get(data.largeCaseChairs[k]) };
      },
      // Every linked incident and its reporter, as the hub answers them: a peer whose policies hid rows would do less work.
      check: (d) => {
        const links: { incidentByIncidentId: { personByReporterId: unknown } | null }[] | undefined = d?.caseReviewByRowId?.caseIncidentsByCaseId?.nodes;
        const shown = links?.filter((l) => l.incidentByIncidentId?.personByReporterId).length;
        return sized('linked incidents', links, 40) ?? (shown === 40 ? null : `incidents with their reporter: expected 40, got ${shown}`);
      },
    },
    {
      name: 'Q4',
      title: 'incidents page of 100 with agency and reporter',
      connections,
      call: () => ({ query: PEER_DOCUMENTS.Q4, variables: { agencyId: policeId }, token: tokens?.policeContributor }),
      check: (d) => sized('incidents', d?.allIncidents?.nodes, 100) ?? sized('incidents with their reporter', d?.allIncidents?.nodes?.filter((n: { personByReporterId: unknown }) => n.personByReporterId), 100),
    },
  ];
}

/**
 * What the RLS peer must refuse: the shapes' own documents sent by a caller
 * the policies keep out (a housing provider's contributor, who sees no case
 * and no other agency's incident, and a token naming nobody). Each answer
 * must be empty: the policies, not the peer, decide. The owner peer answers
 * the same calls in full, which shows the ids are real.
 */
export function peerRefusals(data: Dataset, tokens: Tokens, nobody: string): { what: string; call: Call; refused: (d: any) => boolean }[] {
  const housingContributor = tokens.contributors[4];
  const calls: { what: string; call: (token: string) => Call; refused: (d: any) => boolean }[] = [
    {
      what: 'Q2, the partnership\'s cases',
      call: (token) => ({ query: PEER_DOCUMENTS.Q2, variables: { partnershipId: data.partnershipId }, token }),
      refused: (d) => Array.isArray(d?.allCaseReviews?.nodes) && d.allCaseReviews.nodes.length === 0,
    },
    {
      what: 'Q3, a large case\'s history',
      call: (token) => ({ query: PEER_DOCUMENTS.Q3, variables: { id: data.largeCaseIds[0] }, token }),
      refused: (d) => d !== undefined && d !== null && d.caseReviewByRowId === null,
    },
    {
      what: 'Q4, the police\'s incidents',
      call: (token) => ({ query: PEER_DOCUMENTS.Q4, variables: { agencyId: data.agencyId(2) }, token }),
      refused: (d) => Array.isArray(d?.allIncidents?.nodes) && d.allIncidents.nodes.length === 0,
    },
  ];
  return [
    ...calls.map((c) => ({ what: `${c.what} asked by a housing provider's contributor`, call: c.call(housingContributor), refused: c.refused })),
    ...calls.map((c) => ({ what: `${c.what} asked with a token naming nobody`, call: c.call(nobody), refused: c.refused })),
  ];
}
