// npm run bench:intake [-- --batches 20 --size 1000]
// Records N batches of M new incidents through the real HTTP/GraphQL stack on a
// throwaway embedded PostgreSQL (or DATABASE_URL), one after the other, and
// prints incidents per second. Then the same batches again (all unchanged).
import 'reflect-metadata';
import pino from 'pino';
import { signToken, TokenVerifier } from '../../src/common/auth';
import { loadConfig } from '../../src/config';
import { createDataSource } from '../../src/database/data-source';
import { buildHubSchema } from '../../src/graphql/schema';
import { RateLimitStore } from '../../src/http/rate-limit';
import { createHubServer } from '../../src/http/server';
import { AgencyKind } from '../../src/modules/agency/agency-kind';
import { Agency } from '../../src/modules/agency/agency.entity';
import { Role } from '../../src/modules/user/role';
import { User } from '../../src/modules/user/user.entity';
import { incidentBatch } from '../support/incident-inputs';
import { numberArg, throwawayDatabase } from '../support/throwaway-database';

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const MUTATION = `mutation($incidents: [IncidentInput!]!) { recordIncidents(incidents: $incidents) { created updated unchanged } }`;


async function main(): Promise<void> {
  const batches = numberArg('batches', 20);
  const size = numberArg('size', 1000);
  const log = pino({ level: 'warn' });
  const database = await throwawayDatabase('bench');
  const url = database.url;
  const dataSource = createDataSource(url, 10);
  await dataSource.initialize();
  const agency = await dataSource.manager.save(dataSource.manager.create(Agency, { code: `BENCH-${Date.now()}`, name: 'Bench police', kind: AgencyKind.POLICE }));
  const user = await dataSource.manager.save(
    dataSource.manager.create(User, { email: `bench-${Date.now()}@example.test`, displayName: 'Bench', agencyId: agency.id, roles: [Role.CONTRIBUTOR] }),
  );
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, AUTH_JWT_SECRET: SECRET });
  const rateLimitStore = await RateLimitStore.open({ postgresUrl: url, log });
  const server = await createHubServer({ schema: await buildHubSchema(), dataSource, verifier: await TokenVerifier.fromConfig(config), log, production: true, rateLimitStore });
  const port = await server.listen(0);
  const token = await signToken(SECRET, user.email);
  const send = async (incidents: unknown[]) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: MUTATION, variables: { incidents } }),
    });
    const body = (await res.json()) as { errors?: unknown[]; data?: { recordIncidents: Record<string, number> } };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!.recordIncidents;
  };
  const prepared = Array.from({ length: batches }, (_, b) => incidentBatch(size, { prefix: `B${b}`, reporters: 200 }));
  await send(incidentBatch(50, { prefix: 'WARMUP' }));

  for (const phase of ['new', 'unchanged'] as const) {
    const times: number[] = [];
    const started = performance.now();
    for (const batch of prepared) {
      const t = performance.now();
      const result = await send(batch);
      times.push(performance.now() - t);
      const expected = phase === 'new' ? result.created : result.unchanged;
      if (expected !== size) throw new Error(`expected ${size} ${phase}, got ${JSON.stringify(result)}`);
    }
    const seconds = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    console.log(
      `${phase.padEnd(9)} ${batches} batches x ${size}: ${Math.round((batches * size) / seconds)} incidents/s ` +
        `(total ${seconds.toFixed(2)} s, batch p50 ${times[Math.floor(times.length / 2)].toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms)`,
    );
  }
  await server.close();
  await rateLimitStore.close();
  await dataSource.destroy();
  await database.stop();
}


main().catch((error) => {
  console.error(error);
  process.exit(1);
});
