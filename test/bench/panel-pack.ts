// npm run bench:pack [-- --incidents 50 --requests 40]
// The panel pack of a case with N linked incidents (half police, half
// housing; requests, panel, recommendations, a risk assessment), as its panel
// chair fetches it: the HTML page and the PDF, sent one after another over
// HTTP, median and p95 time per document and its size, on a throwaway
// embedded PostgreSQL.
import 'reflect-metadata';
import { AssessRiskDocument } from '../generated/graphql';
import { reviewedCase } from '../support/case-history';
import { startTestHub } from '../support/hub';
import { numberArg, throwawayDatabase } from '../support/throwaway-database';
import { buildWorld } from '../support/world';

async function main(): Promise<void> {
  const incidents = numberArg('incidents', 50);
  const requests = numberArg('requests', 40);
  const database = await throwawayDatabase('bench');
  process.env.HUB_TEST_DATABASE_URL = database.url;
  const hub = await startTestHub();
  const world = await buildWorld(hub);
  const caseId = await reviewedCase(hub, world, incidents, 'PACK');
  const answers = ['repeat', 'hate', 'violence', 'vulnerable', 'health', 'children', 'home', 'isolated', 'targeted', 'selfharm'].map((questionId) => ({ questionId, answer: questionId === 'violence' }));
  const assessed = await hub.gql(AssessRiskDocument, { caseId, answers }, world.cst.token);
  if (assessed.errors) throw new Error(JSON.stringify(assessed.errors));
  for (const ext of ['html', 'pdf']) {
    const fetchOne = async () => {
      const res = await fetch(`${hub.url}/documents/cases/${caseId}/pack.${ext}`, { headers: { authorization: `Bearer ${world.chair.token}` } });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`${ext}: HTTP ${res.status} ${body.toString()}`);
      return body.length;
    };
    for (let i = 0; i < 5; i++) await fetchOne();
    const times: number[] = [];
    let size = 0;
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      size = await fetchOne();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
    console.log(`panel pack as ${ext.toUpperCase()}, ${incidents} incidents, ${requests} sequential requests: median ${at(0.5)} ms, p95 ${at(0.95)} ms, ${(size / 1024).toFixed(0)} KiB`);
  }
  await hub.close();
  await database.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
