import os from 'node:os';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { type PlanCheck, checkPlans, recordedStatements } from './plans';
import { type Server, postgresCpuMs } from './processes';
import type { Call, Shape } from './shapes';

/*
 * Drives one shape against one server: a probe that checks the answer and
 * counts SQL statements, a warm-up, then the measured run with autocannon
 * from this process (the servers run in their own).
 */

export type ShapeResult = {
  shape: string;
  title: string;
  server: string;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  rowsPerSecond?: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Connection errors, timeouts, non-2xx answers and answers carrying GraphQL errors. */
  errors: number;
  /** CPU time per request during the measured run (ms): the server's processes, and the bench's PostgreSQL's. */
  serverCpuMsPerRequest: number;
  postgresCpuMsPerRequest: number;
  /** The GraphQL error codes among them, counted. */
  errorCodes?: Record<string, number>;
  /** Statements the database ran per request, from pg_stat_statements (null where it is not loaded). */
  sqlStatements: number | null;
  /** Time the database spent planning and executing one request's statements (ms, pg_stat_statements, sequential calls). */
  dbMsPerRequest?: number;
  /** The statements that took the most database time during the measured run (for `--statements`). */
  costliestStatements?: { query: string; calls: number; meanMs: number; planMs: number; msPerRequest: number }[];
  /** The hub's own count of the statements its request sent (extensions.sqlStatements). */
  hubSqlStatements?: number;
  /** The shape's statements planned with EXPLAIN: sequential scans of growing tables, by name. */
  plans?: PlanCheck;
  peakMemoryMb: number;
  /** The machine's one-minute load average at the end of the measured run (others' work shares the cores). */
  loadAverage: number;
};

const body = (call: Call) => JSON.stringify({ query: call.query, variables: call.variables });
const headers = (call: Call): Record<string, string> => ({
  'content-type': 'application/json',
  ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
});

/** Sends one call and returns the parsed answer. */
export async function send(server: Server, call: Call): Promise<{ data?: any; errors?: unknown[]; extensions?: { sqlStatements?: number } }> {
  const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: headers(call), body: body(call) });
  return (await res.json()) as { data?: unknown; errors?: unknown[]; extensions?: { sqlStatements?: number } };
}

/** Sends one call and returns the parsed answer, refusing an answer with errors or the wrong data. */
async function probe(server: Server, shape: Shape, call: Call): Promise<{ extensions?: { sqlStatements?: number } }> {
  const json = await send(server, call);
  if (json.errors) throw new Error(`${server.name} ${shape.name}: ${JSON.stringify(json.errors).slice(0, 500)}`);
  const wrong = shape.check(json.data);
  if (wrong) throw new Error(`${server.name} ${shape.name}: ${wrong}`);
  return json;
}

/** Statements per request over `samples` sequential calls, from pg_stat_statements; null when it is not there. */
async function statementsPerCall(
  stats: Client | null,
  server: Server,
  shape: Shape,
  samples: number,
  offset: number,
  planAs: string | null | undefined,
): Promise<{ db: number | null; dbMs?: number; hub?: number; plans?: PlanCheck }> {
  let hub: number | undefined;
  if (!stats) {
    hub = (await probe(server, shape, shape.call(offset))).extensions?.sqlStatements;
    return { db: null, hub };
  }
  await stats.query('SELECT pg_stat_statements_reset()');
  for (let i = 0; i < samples; i++) hub = (await probe(server, shape, shape.call(offset + i))).extensions?.sqlStatements;
  const [{ calls, ms }] = (await stats.query(
    `SELECT coalesce(sum(calls), 0)::int AS calls, coalesce(sum(total_exec_time + total_plan_time), 0)::float8 AS ms FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'`,
  )).rows;
  const plans = planAs === undefined ? undefined : await checkPlans(stats, await recordedStatements(stats), planAs);
  return { db: Math.round((calls / samples) * 10) / 10, dbMs: Math.round((ms / samples) * 100) / 100, hub, plans };
}

/** The statements that took the most database time since the last reset, per request of the run. */
async function costliestStatements(stats: Client, requests: number): Promise<NonNullable<ShapeResult['costliestStatements']>> {
  const { rows } = await stats.query(
    `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query, calls::int,
            round((mean_exec_time + mean_plan_time)::numeric, 2)::float8 AS "meanMs", round(mean_plan_time::numeric, 2)::float8 AS "planMs",
            round(((total_exec_time + total_plan_time) / $1)::numeric, 2)::float8 AS "msPerRequest"
       FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'
      ORDER BY total_exec_time + total_plan_time DESC LIMIT 5`,
    [Math.max(requests, 1)],
  );
  return rows;
}

type Cannonade = { result: autocannon.Result; graphqlErrors: number; codes: Record<string, number> };

function cannon(server: Server, shape: Shape, seconds: number, start: number): Promise<Cannonade> {
  let next = start;
  let graphqlErrors = 0;
  const codes: Record<string, number> = {};
  const first = shape.call(next);
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${server.url}/graphql`,
        connections: shape.connections,
        duration: seconds,
        // A request may be a batch of 1000 rows: give it time rather than count it lost.
        timeout: 30,
        requests: [
          {
            method: 'POST',
            headers: headers(first),
            setupRequest: (req) => {
              const call = shape.call(next++);
              return { ...req, method: 'POST', path: '/graphql', headers: headers(call), body: body(call) };
            },
            onResponse: (status, text) => {
              if (!text.includes('"errors"')) return;
              if (status === 200) graphqlErrors++;
              try {
                for (const e of (JSON.parse(text) as { errors: { extensions?: { code?: string } }[] }).errors) {
                  const code = e.extensions?.code ?? 'NONE';
                  codes[code] = (codes[code] ?? 0) + 1;
                }
              } catch {
                codes.UNPARSED = (codes.UNPARSED ?? 0) + 1;
              }
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve({ result, graphqlErrors, codes })),
    );
  });
}

export async function measureShape(
  server: Server,
  shape: Shape,
  opts: { seconds: number; warmupSeconds: number; stats: Client | null; offset: number; planAs?: string | null; postmaster: number },
): Promise<ShapeResult> {
  await probe(server, shape, shape.call(opts.offset));
  const counted = await statementsPerCall(opts.stats, server, shape, 10, opts.offset + 1, opts.planAs);
  if (opts.warmupSeconds > 0) await cannon(server, shape, opts.warmupSeconds, opts.offset + 100);
  if (opts.stats) await opts.stats.query('SELECT pg_stat_statements_reset()');
  const cpuBefore = { server: server.cpuMs(), postgres: postgresCpuMs(opts.postmaster) };
  const { result, graphqlErrors, codes } = await cannon(server, shape, opts.seconds, opts.offset + 100_000);
  const requests = result.requests.total;
  const perRequest = (ms: number) => Math.round((ms / Math.max(requests, 1)) * 100) / 100;
  const costliest = opts.stats ? await costliestStatements(opts.stats, requests) : undefined;
  const rps = requests / opts.seconds;
  return {
    shape: shape.name,
    title: shape.title,
    server: server.name,
    connections: shape.connections,
    requests,
    requestsPerSecond: Math.round(rps),
    ...(shape.rowsPerRequest ? { rowsPerSecond: Math.round(rps * shape.rowsPerRequest) } : {}),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    serverCpuMsPerRequest: perRequest(server.cpuMs() - cpuBefore.server),
    postgresCpuMsPerRequest: perRequest(postgresCpuMs(opts.postmaster) - cpuBefore.postgres),
    errors: result.errors + result.timeouts + result.non2xx + graphqlErrors,
    ...(Object.keys(codes).length > 0 ? { errorCodes: codes } : {}),
    sqlStatements: counted.db,
    ...(counted.dbMs !== undefined ? { dbMsPerRequest: counted.dbMs } : {}),
    ...(costliest ? { costliestStatements: costliest } : {}),
    ...(counted.hub !== undefined ? { hubSqlStatements: counted.hub } : {}),
    ...(counted.plans ? { plans: counted.plans } : {}),
    peakMemoryMb: server.peakMemoryMb(),
    loadAverage: Math.round(os.loadavg()[0] * 10) / 10,
  };
}
