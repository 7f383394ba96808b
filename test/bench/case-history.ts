// npm run bench:history [-- --incidents 50 --requests 300]
// The panel chair's full case-history query (incidents with agencies and
// reporters, threshold, requests, panel, recommendations, events) for a case
// with N linked incidents, sent one after another over HTTP: median and p95
// latency and SQL statements per request, on a throwaway embedded PostgreSQL.
import 'reflect-metadata';
import { print } from 'graphql';
import { CaseHistoryDocument } from '../generated/graphql';
import { reviewedCase } from '../support/case-history';
import { startTestHub } from '../support/hub';
import { numberArg, throwawayDatabase } from '../support/throwaway-database';
import { buildWorld } from '../support/world';


async function main(): Promise<void> {
  const incidents = numberArg('incidents', 50);
  const requests = numberArg('requests', 300);
  const database = await throwawayDatabase('bench');
  const url = database.url;
  process.env.HUB_TEST_DATABASE_URL = url;
  const hub = await startTestHub();
  const world = await buildWorld(hub);
  const caseId = await reviewedCase(hub, world, incidents, 'BENCH');
  const body = JSON.stringify({ query: print(CaseHistoryDocument), variables: { id: caseId } });
  const send = async () => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${world.chair.token}` },
      body,
    });
    const json = (await res.json()) as { errors?: unknown; data: { caseReview: { incidents: unknown[] } }; extensions: { sqlStatements: number } };
    if (json.errors || json.data.caseReview.incidents.length !== incidents) throw new Error(JSON.stringify(json.errors ?? 'wrong size'));
    return json.extensions.sqlStatements;
  };
  for (let i = 0; i < 30; i++) await send();
  const times: number[] = [];
  let statements = 0;
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    statements = await send();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
  console.log(`case history, ${incidents} incidents, ${requests} sequential requests: median ${at(0.5)} ms, p95 ${at(0.95)} ms, ${statements} SQL statements per request`);
  await hub.close();
  await database.stop();
}


main().catch((error) => {
  console.error(error);
  process.exit(1);
});
