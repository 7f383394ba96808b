import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { getIntrospectionQuery, print } from 'graphql';
import { SignJWT } from 'jose';
import { CaseHistoryDocument, RecordIncidentsDocument, SubmitApplicationDocument } from '../generated/graphql';
import { buildUser } from '../support/factories';
import { TEST_JWT_SECRET } from '../support/hub';
import { incidentBatch } from '../support/incident-inputs';
import { application, buildWorld, type World } from '../support/world';
import { startHubWithOptions, type OptionsHub, type Raw } from './hub-with-options';

/*
 * A table of attacks, each answered with its expected code (and HTTP status
 * where it matters), never INTERNAL_SERVER_ERROR, never a stack trace, never
 * slowly; then the hub still answers and nothing it holds has changed.
 */

type Attack = {
  name: string;
  /** 'prod': the hub in production mode (NODE_ENV=production); default the development one. */
  hub?: 'prod';
  send: (h: OptionsHub) => Promise<Raw>;
  /** Expected extensions.code among the errors (null: no GraphQL body, e.g. Node's own 431). */
  code: string | null;
  status?: number;
  field?: string;
};

const RECORD = print(RecordIncidentsDocument);
const secret = new TextEncoder().encode(TEST_JWT_SECRET);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

let dev: OptionsHub;
let prod: OptionsHub;
let w: World;
let caseId: string;
let policeIncidentId: string;
let victim: { email: string };
let kelvin: { email: string };
const prefix = `HOSTILE-${randomUUID().slice(0, 6).toUpperCase()}`;

/** POSTs one operation the way a client would. */
const op = (h: OptionsHub, query: string, variables: Record<string, unknown> = {}, token?: string | null, headers: Record<string, string> = {}) =>
  h.post({ query, variables }, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });
const record = (h: OptionsHub, incidents: unknown[], token = w.policeContributor.token) => op(h, RECORD, { incidents }, token);
const incident = (overrides: Record<string, unknown> = {}) => ({ ...incidentBatch(1, { prefix: `${prefix}-INC-${randomUUID().slice(0, 6)}` })[0], ...overrides });
const asMe = (h: OptionsHub, token: string) => op(h, '{ me { id email } }', {}, token);

/** `recommendations { case { ... } }` n times: a cycle in the schema, 2n + 3 levels deep. */
const deepCase = (n: number) => `{ caseReviews { edges { node { ${'recommendations { case { '.repeat(n)}id${' } }'.repeat(n)} } } } }`;

const ATTACKS: Attack[] = [
  // --- The shape of the document: refused while parsing or validating, before any database work.
  { name: 'deep nesting through a cycle (15 levels)', send: (h) => op(h, deepCase(6), {}, w.cst.token), code: 'QUERY_TOO_COMPLEX', status: 400 },
  {
    name: 'deep nesting hidden in nested fragments',
    send: (h) =>
      op(
        h,
        `{ caseReviews { ...A } } fragment A on CaseReviewConnection { edges { node { ...B } } }
         fragment B on CaseReview { recommendations { case { ...C } } } fragment C on CaseReview { recommendations { case { ...D } } }
         fragment D on CaseReview { recommendations { case { recommendations { case { id } } } } }`,
        {},
        w.cst.token,
      ),
    code: 'QUERY_TOO_COMPLEX',
  },
  {
    name: 'introspection deeper than the standard introspection query (25 levels)',
    send: (h) => op(h, `{ __schema { types { fields { type { ${'ofType { '.repeat(20)}name${' }'.repeat(20)} } } } } }`),
    code: 'QUERY_TOO_COMPLEX',
  },
  { name: 'the standard 15-level introspection query in production', hub: 'prod', send: (h) => op(h, getIntrospectionQuery()), code: 'QUERY_TOO_COMPLEX' },
  { name: 'an alias named __schema over deep nesting', send: (h) => op(h, deepCase(6).replace('caseReviews', '__schema: caseReviews'), {}, w.cst.token), code: 'QUERY_TOO_COMPLEX' },
  { name: 'an operation named __schema over deep nesting', send: (h) => op(h, `query __schema ${deepCase(6)}`, {}, w.cst.token), code: 'QUERY_TOO_COMPLEX' },
  { name: 'alias flood (50 aliases)', send: (h) => op(h, `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: me { id }`).join(' ')} }`, {}, w.cst.token), code: 'QUERY_TOO_COMPLEX' },
  {
    name: 'alias flood through a fragment spread three times',
    send: (h) =>
      op(h, `{ me { ...F } x: me { ...F } y: me { ...F } } fragment F on User { ${Array.from({ length: 8 }, (_, i) => `a${i}: id`).join(' ')} }`, {}, w.cst.token),
    code: 'QUERY_TOO_COMPLEX',
  },
  { name: 'fragment cycle A -> B -> A', send: (h) => op(h, '{ ...A } fragment A on Query { me { id } ...B } fragment B on Query { ...A }'), code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'fragment spreading itself', send: (h) => op(h, '{ ...A } fragment A on Query { me { id } ...A }'), code: 'GRAPHQL_VALIDATION_FAILED' },
  {
    name: 'fragment bomb (each of 30 fragments spreads the next twice: 2^30 fields)',
    send: (h) =>
      op(h, `{ ...F30 } fragment F0 on Query { me { id } } ${Array.from({ length: 30 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join(' ')}`),
    code: 'QUERY_TOO_COMPLEX',
  },
  { name: 'too many directives (15 @include)', send: (h) => op(h, `{ me { ${'id @include(if: true) '.repeat(15)} } }`, {}, w.cst.token), code: 'QUERY_TOO_COMPLEX' },
  { name: 'one directive repeated 12 times on a field', send: (h) => op(h, `{ me ${'@skip(if: false) '.repeat(12)}{ id } }`, {}, w.cst.token), code: 'QUERY_TOO_COMPLEX' },
  { name: 'an unknown directive', send: (h) => op(h, '{ me @exec(command: "rm -rf /") { id } }', {}, w.cst.token), code: 'GRAPHQL_VALIDATION_FAILED' },
  {
    name: 'cost: eight whole case histories under aliases',
    send: (h) => {
      const history = print(CaseHistoryDocument);
      const fragments = history.slice(history.indexOf('fragment'));
      const fields = Array.from({ length: 8 }, (_, i) => `c${i}: caseReview(id: "${caseId}") { ...CaseHistoryFields }`).join(' ');
      return op(h, `{ ${fields} } ${fragments}`, {}, w.cst.token);
    },
    code: 'QUERY_TOO_COMPLEX',
  },
  { name: 'page-size bomb: first: 1000000 in the document', send: (h) => op(h, '{ incidents(first: 1000000) { edges { node { id summary } } } }', {}, w.policeContributor.token), code: 'QUERY_TOO_COMPLEX' },
  {
    name: 'page-size bomb: first: 1000000 as a variable (the cost sees variables)',
    send: (h) => op(h, 'query($n: Int) { incidents(first: $n) { edges { node { id summary } } } }', { n: 1_000_000 }, w.policeContributor.token),
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
  },
  {
    name: 'a page one larger than the maximum (first: 101)',
    send: (h) => op(h, 'query($n: Int) { incidents(first: $n) { edges { node { id } } } }', { n: 101 }, w.policeContributor.token),
    code: 'BAD_USER_INPUT',
    field: 'first',
  },
  {
    name: 'a history page larger than the maximum (first: 51)',
    send: (h) => op(h, `query($id: ID!) { incident(id: $id) { history(first: 51) { version } } }`, { id: policeIncidentId }, w.policeContributor.token),
    code: 'BAD_USER_INPUT',
    field: 'first',
  },
  {
    name: 'a tampered cursor (base64 of ["1 OR 1=1"])',
    send: (h) => op(h, 'query($a: String) { incidents(first: 5, after: $a) { totalCount } }', { a: b64(['1 OR 1=1']) }, w.policeContributor.token),
    code: 'BAD_USER_INPUT',
    field: 'after',
  },
  {
    name: 'a tampered access-log cursor',
    send: (h) => op(h, 'query($a: String) { accessLog(first: 5, after: $a) { totalCount } }', { a: b64(['1 OR 1=1']) }, w.auditor.token),
    code: 'BAD_USER_INPUT',
    field: 'after',
  },
  {
    name: 'a tampered case-list cursor',
    send: (h) => op(h, 'query($a: String) { caseReviews(first: 5, after: $a) { totalCount } }', { a: b64(['not a date', 'x']) }, w.cst.token),
    code: 'BAD_USER_INPUT',
    field: 'after',
  },
  { name: 'token flood (1500 fields)', send: (h) => op(h, `{ me { ${'id '.repeat(1500)} } }`, {}, w.cst.token), code: 'GRAPHQL_PARSE_FAILED', status: 400 },
  { name: 'a document that does not parse', send: (h) => op(h, '{ me { id '), code: 'GRAPHQL_PARSE_FAILED', status: 400 },
  { name: 'a subscription (the hub has none)', send: (h) => op(h, 'subscription { me { id } }'), code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'an operationName the document lacks', send: (h) => h.post({ query: 'query A { me { id } }', operationName: 'B' }), code: 'OPERATION_RESOLUTION_FAILURE' },
  // --- HTTP: batching, CSRF, bodies.
  { name: 'batched array of two operations', send: (h) => h.post([{ query: '{ me { id } }' }, { query: '{ agencies { id } }' }]), code: 'BAD_REQUEST', status: 400 },
  { name: 'batched array of 1000 operations', send: (h) => h.post(Array.from({ length: 1000 }, () => ({ query: '{ me { id } }' }))), code: 'BAD_REQUEST', status: 400 },
  {
    name: 'GET mutation (with the preflight header)',
    send: (h) =>
      h.raw(`/graphql?query=${encodeURIComponent(`mutation { createAgency(input: {code: "${prefix}-GET", name: "x", kind: OTHER}) { id } }`)}`, {
        headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${w.admin.token}` },
      }),
    code: 'BAD_REQUEST',
    status: 405,
  },
  {
    name: 'GET mutation without a CSRF header',
    send: (h) =>
      h.raw(`/graphql?query=${encodeURIComponent(`mutation { createAgency(input: {code: "${prefix}-CSRF", name: "x", kind: OTHER}) { id } }`)}`, {
        headers: { authorization: `Bearer ${w.admin.token}` },
      }),
    code: 'BAD_REQUEST',
    status: 400,
  },
  {
    name: 'a cross-site "simple" POST (text/plain)',
    send: (h) => h.post(JSON.stringify({ query: `mutation { createAgency(input: {code: "${prefix}-TXT", name: "x", kind: OTHER}) { id } }` }), { 'content-type': 'text/plain', authorization: `Bearer ${w.admin.token}` }),
    code: 'BAD_REQUEST',
    status: 400,
  },
  { name: 'a form-encoded POST', send: (h) => h.post('query=%7B+me+%7B+id+%7D+%7D', { 'content-type': 'application/x-www-form-urlencoded' }), code: 'BAD_REQUEST', status: 400 },
  { name: 'oversized body (6 MB)', send: (h) => record(h, [incident({ summary: 'x'.repeat(6 * 1024 * 1024) })]), code: 'BAD_REQUEST', status: 413 },
  { name: 'gzip bomb (50 MB inflated)', send: (h) => h.post(gzipSync(Buffer.alloc(50 * 1024 * 1024, 32)), { 'content-encoding': 'gzip' }), code: 'BAD_REQUEST', status: 413 },
  { name: 'malformed JSON', send: (h) => h.post('{"query": "{ me { id } }"'), code: 'BAD_REQUEST', status: 400 },
  { name: 'a JSON string as the body', send: (h) => h.post('"{ me { id } }"'), code: 'BAD_REQUEST', status: 400 },
  { name: 'an empty JSON object', send: (h) => h.post({}), code: 'BAD_REQUEST', status: 400 },
  { name: 'query is not a string', send: (h) => h.post({ query: 42 }), code: 'BAD_REQUEST', status: 400 },
  { name: 'variables is not an object', send: (h) => h.post({ query: '{ me { id } }', variables: 'x' }), code: 'BAD_REQUEST', status: 400 },
  { name: 'an unsupported charset', send: (h) => h.post('{"query":"{ me { id } }"}', { 'content-type': 'application/json; charset=latin2' }), code: 'BAD_REQUEST', status: 415 },
  { name: 'a persisted-query hash without the query', send: (h) => h.post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }), code: 'PERSISTED_QUERY_NOT_SUPPORTED' },
  {
    name: 'a 20 KB Authorization header',
    send: (h) => h.raw('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${'a'.repeat(20_000)}` }, body: '{"query":"{ me { id } }"}' }),
    code: null,
    status: 431,
  },
  // --- Arguments: types, sizes, formats, text that cannot be stored.
  { name: 'huge string (100 000-character summary)', send: (h) => record(h, [incident({ summary: 'x'.repeat(100_000) })]), code: 'BAD_USER_INPUT', field: 'incidents.0.summary' },
  { name: 'huge string in a document literal (1 MB name)', send: (h) => op(h, `mutation { createAgency(input: {code: "${prefix}-BIG", name: "${'n'.repeat(1_000_000)}", kind: OTHER}) { id } }`, {}, w.admin.token), code: 'BAD_USER_INPUT', field: 'input.name' },
  { name: 'oversized list (1001 incidents)', send: (h) => record(h, incidentBatch(1001, { prefix: `${prefix}-MANY` })), code: 'BAD_USER_INPUT', field: 'incidents' },
  { name: 'wrong type: a number for a DateTime', send: (h) => record(h, [incident({ occurredAt: 12345 })]), code: 'BAD_USER_INPUT', status: 400 },
  { name: 'wrong type: a string for an Int', send: (h) => op(h, 'query($n: Int) { incidents(first: $n) { totalCount } }', { n: 'ten' }, w.policeContributor.token), code: 'BAD_USER_INPUT' },
  { name: 'wrong type: an object for a String', send: (h) => record(h, [incident({ reference: { $gt: '' } })]), code: 'BAD_USER_INPUT' },
  { name: 'an enum value that does not exist', send: (h) => record(h, [incident({ category: 'ARSON; DROP TABLE incident' })]), code: 'BAD_USER_INPUT' },
  { name: 'null for a required field', send: (h) => record(h, [incident({ reference: null })]), code: 'BAD_USER_INPUT' },
  { name: 'an input field the schema lacks (mass assignment)', send: (h) => record(h, [incident({ agencyId: w.housing.id })]), code: 'BAD_USER_INPUT' },
  { name: 'NUL byte in a variable', send: (h) => record(h, [incident({ reference: `${prefix}-A\u0000B` })]), code: 'BAD_USER_INPUT', field: 'incidents.0.reference', status: 400 },
  { name: 'NUL escape in a document literal', send: (h) => op(h, `mutation { createAgency(input: {code: "${prefix}-NUL", name: "a\\u0000b", kind: OTHER}) { id } }`, {}, w.admin.token), code: 'BAD_USER_INPUT', field: 'query' },
  { name: 'an unpaired UTF-16 surrogate', send: (h) => h.post(`{"query":${JSON.stringify(RECORD)},"variables":{"incidents":[${JSON.stringify(incident()).replace(/"summary":"[^"]*"/, '"summary":"half \\ud800 a pair"')}]}}`, { authorization: `Bearer ${w.policeContributor.token}` }), code: 'BAD_USER_INPUT', field: 'incidents.0.summary' },
  { name: 'invalid date: 30 February', send: (h) => record(h, [incident({ occurredAt: '2026-02-30T10:00:00Z' })]), code: 'BAD_USER_INPUT' },
  { name: 'invalid date: "yesterday"', send: (h) => record(h, [incident({ reportedAt: 'yesterday' })]), code: 'BAD_USER_INPUT' },
  { name: 'invalid date: year +099999', send: (h) => record(h, [incident({ occurredAt: '+099999-01-01T00:00:00Z' })]), code: 'BAD_USER_INPUT' },
  { name: 'invalid calendar date: month 13', send: (h) => record(h, [incident({ reporter: { kind: 'INDIVIDUAL', name: 'Sam', dateOfBirth: '2026-13-45' } })]), code: 'BAD_USER_INPUT' },
  { name: 'an email with two @', send: (h) => record(h, [incident({ reporter: { kind: 'INDIVIDUAL', name: 'Sam', email: 'a@b@example.test' } })]), code: 'BAD_USER_INPUT', field: 'incidents.0.reporter.email' },
  { name: 'markup for a postcode', send: (h) => record(h, [incident({ reporter: { kind: 'INDIVIDUAL', name: 'Sam', postcode: '<script>alert(1)</script>' } })]), code: 'BAD_USER_INPUT', field: 'incidents.0.reporter.postcode' },
  { name: 'a zero-width space inside an agency code', send: (h) => op(h, 'mutation($c: String!) { createAgency(input: {code: $c, name: "x", kind: OTHER}) { id } }', { c: `${prefix}\u200B-X` }, w.admin.token), code: 'BAD_USER_INPUT', field: 'input.code' },
  { name: 'right-to-left override inside an agency code', send: (h) => op(h, 'mutation($c: String!) { createAgency(input: {code: $c, name: "x", kind: OTHER}) { id } }', { c: `${prefix}-\u202EXX` }, w.admin.token), code: 'BAD_USER_INPUT', field: 'input.code' },
  // --- Tokens.
  { name: 'homoglyph email: a Cyrillic "а" for the Latin "a" in the subject', send: async (h) => asMe(h, await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(victim.email.replace('a', '\u0430')).setExpirationTime('1h').sign(secret)), code: 'UNAUTHENTICATED' },
  { name: 'case-folding trick: the Kelvin sign "K" that lower-cases to "k"', send: async (h) => asMe(h, await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(kelvin.email.replace('k', '\u212A')).setExpirationTime('1h').sign(secret)), code: 'UNAUTHENTICATED' },
  { name: 'a token signed with another secret', send: async (h) => asMe(h, await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(w.admin.user.email).setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-that-is-also-long-enough-0123456789'))), code: 'UNAUTHENTICATED' },
  { name: 'an expired token', send: async (h) => asMe(h, await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(w.admin.user.email).setIssuedAt(1_600_000_000).setExpirationTime(1_600_003_600).sign(secret)), code: 'UNAUTHENTICATED' },
  { name: 'alg: none', send: (h) => asMe(h, `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: w.admin.user.email, exp: Math.floor(Date.now() / 1000) + 3600 })}.`), code: 'UNAUTHENTICATED' },
  { name: 'HS512 with the right secret (algorithm not allowed)', send: async (h) => asMe(h, await new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).setSubject(w.admin.user.email).setExpirationTime('1h').sign(secret)), code: 'UNAUTHENTICATED' },
  { name: 'a token not valid yet (nbf tomorrow)', send: async (h) => asMe(h, await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(w.admin.user.email).setNotBefore('24h').setExpirationTime('48h').sign(secret)), code: 'UNAUTHENTICATED' },
  { name: 'a bearer that is not a JWT', send: (h) => asMe(h, 'x'.repeat(500)), code: 'UNAUTHENTICATED' },
  { name: "SQL in the token's subject", send: async (h) => asMe(h, await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject("x' OR '1'='1").setExpirationTime('1h').sign(secret)), code: 'UNAUTHENTICATED' },
  // --- Someone else's records, someone else's rights.
  { name: "another agency's incident id", send: (h) => op(h, 'query($id: ID!) { incident(id: $id) { id summary } }', { id: policeIncidentId }, w.housingContributor.token), code: 'NOT_FOUND' },
  { name: "another partnership's case id", send: (h) => op(h, 'query($id: ID!) { caseReview(id: $id) { id victim { name } } }', { id: caseId }, w.otherCst.token), code: 'NOT_FOUND' },
  { name: "deciding another partnership's case", send: (h) => op(h, 'mutation($id: ID!) { decideThreshold(caseId: $id, met: true, reason: "x") { id } }', { id: caseId }, w.otherCst.token), code: 'NOT_FOUND' },
  { name: 'SQL for an id', send: (h) => op(h, 'query($id: ID!) { caseReview(id: $id) { id } }', { id: "1' OR '1'='1" }, w.cst.token), code: 'BAD_USER_INPUT', field: 'id' },
  { name: 'a contributor creating an agency', send: (h) => op(h, `mutation { createAgency(input: {code: "${prefix}-ROLE", name: "x", kind: OTHER}) { id } }`, {}, w.policeContributor.token), code: 'FORBIDDEN' },
  { name: 'recording incidents without a token', send: (h) => record(h, [incident()], null as unknown as string), code: 'UNAUTHENTICATED' },
  // --- Production mode.
  { name: 'introspection in production', hub: 'prod', send: (h) => op(h, '{ __schema { types { name } } }'), code: 'GRAPHQL_VALIDATION_FAILED', status: 400 },
  { name: '__type in production', hub: 'prod', send: (h) => op(h, '{ __type(name: "CaseReview") { fields { name } } }'), code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'field suggestions in production', hub: 'prod', send: (h) => op(h, '{ mee { id } caseReviw(id: "x") { id } }'), code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'enum suggestions in production', hub: 'prod', send: (h) => record(h, [incident({ category: 'NOIS' })]), code: 'BAD_USER_INPUT' },
  { name: 'GET query without a CSRF header in production', hub: 'prod', send: (h) => h.raw(`/graphql?query=${encodeURIComponent('{ me { id } }')}`, { headers: { authorization: `Bearer ${w.cst.token}` } }), code: 'BAD_REQUEST', status: 400 },
  { name: 'asking production for the IDE', hub: 'prod', send: (h) => h.raw('/graphql', { headers: { accept: 'text/html' } }), code: 'BAD_REQUEST', status: 400 },
  { name: 'deep nesting in production', hub: 'prod', send: (h) => op(h, deepCase(6), {}, w.cst.token), code: 'QUERY_TOO_COMPLEX', status: 400 },
];

/** What the attacks could have touched, scoped to this test's own records (other suites share the database). */
async function counts(): Promise<Record<string, number>> {
  const agencies = [w.council.id, w.police.id, w.housing.id, w.housing2.id, w.outsider.id];
  const users = (Object.values(w) as unknown[])
    .filter((v): v is { user: { id: string }; token: string } => !!v && typeof v === 'object' && 'token' in v)
    .map((p) => p.user.id);
  const q = async (sql: string, params: unknown[]) => Number((await dev.dataSource.query(sql, params))[0].n);
  return {
    incident: await q('SELECT count(*) AS n FROM incident WHERE agency_id = ANY($1::uuid[])', [agencies]),
    incident_revision: await q('SELECT count(*) AS n FROM incident_revision r JOIN incident i ON i.id = r.incident_id WHERE i.agency_id = ANY($1::uuid[])', [agencies]),
    person: await q('SELECT count(*) AS n FROM person WHERE agency_id = ANY($1::uuid[])', [agencies]),
    case_review: await q('SELECT count(*) AS n FROM case_review WHERE partnership_id = $1', [w.partnership.id]),
    case_event: await q('SELECT count(*) AS n FROM case_event WHERE case_id = $1', [caseId]),
    case_version: await q('SELECT version AS n FROM case_review WHERE id = $1', [caseId]),
    agency: await q("SELECT count(*) AS n FROM agency WHERE code LIKE $1 || '%'", [prefix]),
    app_user: await q('SELECT count(*) AS n FROM app_user WHERE agency_id = ANY($1::uuid[])', [agencies]),
    access_log_writes: await q("SELECT count(*) AS n FROM access_log WHERE actor_id = ANY($1::uuid[]) AND action = 'WRITE'", [users]),
  };
}

describe('hostile input: every attack refused with its code, and the hub unharmed', () => {
  let before: Record<string, number>;

  beforeAll(async () => {
    dev = await startHubWithOptions();
    prod = await startHubWithOptions({ production: true });
    w = await buildWorld(dev);
    victim = await buildUser(dev.dataSource, { agency: w.police, email: `${prefix.toLowerCase()}-alex@example.test` });
    kelvin = await buildUser(dev.dataSource, { agency: w.police, email: `${prefix.toLowerCase()}-kent@example.test` });
    const submitted = await dev.gql(SubmitApplicationDocument, { input: application(w) as never }, w.cst.token);
    expect(submitted.errors).toBeUndefined();
    caseId = submitted.data.submitApplication.id;
    const recorded = await dev.gql(RecordIncidentsDocument, { incidents: incidentBatch(1, { prefix: `${prefix}-POLICE` }) }, w.policeContributor.token);
    expect(recorded.errors).toBeUndefined();
    policeIncidentId = recorded.data.recordIncidents.incidents[0].id;
    before = await counts();
  });
  afterAll(async () => {
    await dev?.close();
    await prod?.close();
  });

  it('has at least 40 attacks', () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ATTACKS.map((a) => a.name)).size).toBe(ATTACKS.length);
  });

  it.each(ATTACKS.map((a) => [a.name, a] as const))('%s', async (_name, attack) => {
    const hub = attack.hub === 'prod' ? prod : dev;
    const started = performance.now();
    const res = await attack.send(hub);
    const ms = performance.now() - started;
    const errors: { message: string; extensions?: { code?: string; field?: string } }[] = res.json?.errors ?? [];
    const codes = errors.map((e) => e.extensions?.code);
    if (attack.code === null) {
      expect(res.json).toBeNull();
    } else {
      expect({ codes, data: res.json?.data ?? null }).toEqual({ codes: expect.arrayContaining([attack.code]), data: res.json?.data ?? null });
      // Refused means refused: no data for the root field that was attacked.
      expect(Object.values(res.json?.data ?? {}).filter((v) => v !== null)).toEqual([]);
    }
    expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
    if (attack.status) expect(res.status).toBe(attack.status);
    if (attack.field) expect(errors.find((e) => e.extensions?.code === attack.code)?.extensions?.field).toBe(attack.field);
    // Nothing that explains the server: no stack, no SQL, no schema hints in production.
    expect(res.text).not.toMatch(/stacktrace|\n\s+at |QueryFailedError|SELECT |INSERT |node_modules/);
    if (attack.hub === 'prod') expect(res.text).not.toMatch(/Did you mean/);
    if (attack.code === 'QUERY_TOO_COMPLEX' || attack.code === 'GRAPHQL_PARSE_FAILED') expect(res.json.extensions?.sqlStatements ?? 0).toBe(0);
    expect(ms).toBeLessThan(5_000);
  });

  it('afterwards still answers /health, /ready and a normal query, and nothing it holds has changed', async () => {
    for (const hub of [dev, prod]) {
      expect((await hub.raw('/health')).status).toBe(200);
      expect((await hub.raw('/ready')).status).toBe(200);
      const me = await hub.gql('{ me { id } }', {}, w.cst.token);
      expect(me.errors).toBeUndefined();
      expect(me.data.me.id).toBe(w.cst.user.id);
    }
    const history = await dev.gql(CaseHistoryDocument, { id: caseId }, w.cst.token);
    expect(history.errors).toBeUndefined();
    expect(await counts()).toEqual(before);
  });
});

describe('text is stored as given, never interpreted', () => {
  let hub: OptionsHub;
  let world: World;
  beforeAll(async () => {
    hub = await startHubWithOptions({ production: true });
    world = await buildWorld(hub);
  });
  afterAll(() => hub.close());

  it.each([
    ['right-to-left override', 'Paid \u202Egnp.exe'],
    ['SQL', "x'); DROP TABLE incident; --"],
    ['markup', '<img src=x onerror=alert(1)>{{7*7}}${7*7}'],
    ['combining marks and emoji', 'Zoe\u0308 \u{1F6A8} \u0645\u0631\u062D\u0628\u0627'],
    ['a GraphQL document', '{ __schema { types { name } } }'],
  ])('%s round-trips byte for byte', async (_name, text) => {
    const input = { ...incidentBatch(1, { prefix: `ASIS-${randomUUID().slice(0, 6)}` })[0], summary: text, location: text, reporter: { kind: 'INDIVIDUAL' as const, name: text } };
    const recorded = await hub.gql(RecordIncidentsDocument, { incidents: [input] }, world.policeContributor.token);
    expect(recorded.errors).toBeUndefined();
    const id = recorded.data.recordIncidents.incidents[0].id;
    const read = await hub.gql('query($id: ID!) { incident(id: $id) { summary location reporter { name } } }', { id }, world.policeContributor.token);
    expect(read.data.incident).toEqual({ summary: text, location: text, reporter: { name: text } });
    const [row] = await hub.dataSource.query('SELECT summary FROM incident WHERE id = $1', [id]);
    expect(row.summary).toBe(text);
  });
});
