import { IncidentsDocument, MeDocument, RecordIncidentsDocument } from '../generated/graphql';
import { Role } from '../../src/modules/user/role';
import { buildAgency, buildUser } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { incidentBatch } from '../support/incident-inputs';

// The caller is set per transaction (SET LOCAL): a pooled connection must never carry one caller into the next.
describe('50 concurrent callers on a pool of 16 connections', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ poolSize: 16 });
  });
  afterAll(() => hub.close());

  it('each see only their own rows, every time', async () => {
    const callers = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const agency = await buildAgency(hub.dataSource);
        const user = await buildUser(hub.dataSource, { agency, roles: [Role.CONTRIBUTOR] });
        return { i, agency, user, token: await hub.tokenFor(user.email), prefix: `POOL-${i}-${agency.code}` };
      }),
    );
    for (const c of callers) {
      const res = await hub.gql(RecordIncidentsDocument, { incidents: incidentBatch(2, { prefix: c.prefix }) }, c.token);
      expect(res.errors).toBeUndefined();
    }
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        callers.map(async (c) => ({ c, list: await hub.gql(IncidentsDocument, { first: 10 }, c.token), me: await hub.gql(MeDocument, {}, c.token) })),
      );
      for (const { c, list, me } of answers) {
        expect(list.errors).toBeUndefined();
        expect(me.errors).toBeUndefined();
        expect(me.data.me.id).toBe(c.user.id);
        expect(list.data.incidents.totalCount).toBe(2);
        expect(list.data.incidents.edges.map((e) => e.node.reference).every((r) => r.startsWith(`${c.prefix}-`))).toBe(true);
        expect(list.data.incidents.edges.every((e) => e.node.agency.id === c.agency.id)).toBe(true);
      }
    }
  });
});
