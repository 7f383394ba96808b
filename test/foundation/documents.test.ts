import type { DocumentRoute } from '../../src/http/documents';
import { startHubWithOptions, type OptionsHub } from '../hostile/hub-with-options';
import { application, buildWorld, type World } from '../support/world';

/*
 * The /documents routes (src/http/documents.ts) serve what GraphQL fields are
 * made of: the same services, the same refusals, the same access-log entries.
 * A route made for this test reads a case and the applicant's own account of the
 * incidents (a read the case-review views log), as a letter or a pack would.
 */
const accountRoute: DocumentRoute = {
  path: '/cases/:caseId/account.json',
  async render({ actor, ctx, params }) {
    const view = await ctx.services.caseViews.get(actor, params.caseId, 'caseId');
    const accounts = await ctx.services.caseViews.reportedIncidents(view);
    return { contentType: 'application/json', body: JSON.stringify({ reference: view.record.reference, details: accounts.map((a) => a.details) }), filename: `${view.record.reference}.json` };
  },
};

describe('documents served for the caller token', () => {
  let hub: OptionsHub;
  let world: World;
  let caseId: string;
  let reference: string;

  beforeAll(async () => {
    hub = await startHubWithOptions({ documents: [accountRoute] });
    world = await buildWorld(hub);
    const submitted = await hub.gql(`mutation ($input: ApplicationInput!) { submitApplication(input: $input) { id reference } }`, { input: application(world) }, world.cst.token);
    ({ id: caseId, reference } = submitted.data.submitApplication);
  });
  afterAll(() => hub.close());

  const get = (path: string, token?: string) => hub.raw(`/documents${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : undefined);
  const logRows = async (actorId: string) =>
    (await hub.dataSource.query(`SELECT action, entity, entity_id, case_id FROM access_log_entry WHERE actor_id = $1 AND action = 'READ' ORDER BY id`, [actorId])) as unknown[];

  it('serves the document to the CST and commits the reads it made to the access log', async () => {
    const before = await logRows(world.cst.user.id);
    const answer = await get(`/cases/${caseId}/account.json`, world.cst.token);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ reference, details: ['Shouting at night', 'Bins set alight'] });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-disposition')).toBe(`inline; filename="${reference}.json"`);
    const after = await logRows(world.cst.user.id);
    expect(after.slice(before.length)).toEqual([{ action: 'READ', entity: 'CaseReview', entity_id: caseId, case_id: caseId }]);
  });

  it('answers NOT_FOUND, as the field does, to a CST officer of another partnership, and logs nothing', async () => {
    const field = await hub.gql(`query ($id: ID!) { caseReview(id: $id) { id } }`, { id: caseId }, world.otherCst.token);
    expect(field.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const before = await logRows(world.otherCst.user.id);
    const answer = await get(`/cases/${caseId}/account.json`, world.otherCst.token);
    expect(answer.status).toBe(404);
    expect(answer.json.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'caseId' });
    expect(answer.text).not.toContain('Shouting at night');
    expect(await logRows(world.otherCst.user.id)).toEqual(before);
  });

  it('answers UNAUTHENTICATED without a token or with a bad one, and BAD_USER_INPUT for an id that is not one', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const answer = await get(`/cases/${caseId}/account.json`, token);
      expect(answer.status).toBe(401);
      expect(answer.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(answer.text).not.toContain(reference);
    }
    const bad = await get(`/cases/not-an-id/account.json`, world.cst.token);
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_FOUND for a path that is no document', async () => {
    const answer = await get(`/cases/${caseId}/nothing.pdf`, world.cst.token);
    expect(answer.status).toBe(404);
    expect(answer.json.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
