import { AgencyKind } from '../../src/modules/agency/agency-kind';
import { Role } from '../../src/modules/user/role';
import { CaseReviewReturnDocument, CaseReviewStatisticsDocument } from '../generated/graphql';
import { buildAgency, buildUser } from '../support/factories';
import { codes, startTestHub, type TestHub } from '../support/hub';
import { addOversightOffice, application, buildWorld, type World } from '../support/world';

/*
 * OVERSIGHT's reach beyond the authorization matrix (which runs every root field as
 * the partnership's commissioner's office and another partnership's): an office in
 * two partnerships reads both; the role counts only in a policing body, even when a
 * user came to hold it past createUser's check; and what it may not read it cannot
 * tell from what does not exist.
 */
describe("a commissioner's office (OVERSIGHT)", () => {
  let hub: TestHub;
  let w: World;
  let other: World;
  // The two figures' queries, with the same variables (typed as the return's: the answers are compared as plain data).
  const ask = (doc: typeof CaseReviewReturnDocument | typeof CaseReviewStatisticsDocument, partnershipId: string, token: string) =>
    hub.gql(doc as typeof CaseReviewReturnDocument, { partnershipId, period: 'CALENDAR_YEAR', fromYear: 2026, toYear: 2026 }, token);

  beforeAll(async () => {
    hub = await startTestHub();
    w = await buildWorld(hub);
    other = await buildWorld(hub);
    for (const world of [w, other]) {
      const res = await hub.gql('mutation ($input: ApplicationInput!) { submitApplication(input: $input) { id } }', { input: application(world) }, world.cst.token);
      expect(res.errors).toBeUndefined();
    }
  });
  afterAll(() => hub.close());

  it("reads the return and the statistics of each partnership its office belongs to, and of no other", async () => {
    const office = await addOversightOffice(hub, w.partnership.id);
    await hub.dataSource.query('INSERT INTO partnership_agency (partnership_id, agency_id) VALUES ($1, $2)', [other.partnership.id, office.agency.id]);
    const third = await buildWorld(hub);
    for (const partnershipId of [w.partnership.id, other.partnership.id]) {
      for (const doc of [CaseReviewReturnDocument, CaseReviewStatisticsDocument]) {
        const res = await ask(doc, partnershipId, office.token);
        expect(res.errors).toBeUndefined();
        expect(Object.values(res.data)[0]).toEqual([expect.objectContaining({ label: '2026', applicationsReceived: 1 })]);
      }
    }
    // Another partnership, one that does not exist, and an id that is none: as if there were nothing to find.
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const partnershipId of [third.partnership.id, missing]) {
      for (const doc of [CaseReviewReturnDocument, CaseReviewStatisticsDocument]) {
        const res = await ask(doc, partnershipId, office.token);
        expect(res.errors?.map((e) => e.extensions)).toEqual([{ code: 'NOT_FOUND', reason: 'PARTNERSHIP_NOT_FOUND', field: 'partnershipId' }]);
        expect(res.data).toBeNull();
      }
    }
    expect((await ask(CaseReviewReturnDocument, 'not-an-id', office.token)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'partnershipId' });
  });

  it('counts only in a policing body: a council user holding OVERSIGHT reads the published statistics but not the return', async () => {
    // createUser refuses this (test/organisations); a role given past the API still gives nothing more.
    const council = await buildAgency(hub.dataSource, { kind: AgencyKind.COUNCIL });
    await hub.dataSource.query('INSERT INTO partnership_agency (partnership_id, agency_id) VALUES ($1, $2)', [w.partnership.id, council.id]);
    const misplaced = await buildUser(hub.dataSource, { agency: council, roles: [Role.OVERSIGHT] });
    const token = await hub.tokenFor(misplaced.email);
    expect(codes(await ask(CaseReviewReturnDocument, w.partnership.id, token))).toEqual(['FORBIDDEN']);
    expect((await ask(CaseReviewStatisticsDocument, w.partnership.id, token)).errors).toBeUndefined();
  });

  it('sees no case and no incident: every case query is refused by role, the partnership shows only its agencies', async () => {
    const office = await addOversightOffice(hub, w.partnership.id);
    for (const query of [
      'query { caseReviews(first: 5) { totalCount } }',
      'query { incidents(first: 5) { totalCount } }',
      'query { accessLog(first: 5) { totalCount } }',
      'query { myRecommendations { id } }',
      'query { reviewPrompts { id } }',
    ]) {
      expect({ query, codes: codes(await hub.gql(query, {}, office.token)) }).toEqual({ query, codes: ['FORBIDDEN'] });
    }
    const seen = await hub.gql('query ($id: ID!) { partnership(id: $id) { code agencies { kind } } }', { id: w.partnership.id }, office.token);
    expect(seen.errors).toBeUndefined();
    expect(seen.data.partnership.agencies.map((a: { kind: string }) => a.kind)).toContain('POLICING_BODY');
  });
});
