import { MAX_PARTNERSHIPS_LISTED } from '../../src/modules/partnership/partnership.entity';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { AgencyKind } from '../../src/modules/agency/agency-kind';
import { Role } from '../../src/modules/user/role';
import { buildAgency, buildPartnership, buildUser, unique } from '../support/factories';
import {
  AddAgencyToPartnershipDocument as ADD_AGENCY,
  CreateAgencyDocument as CREATE_AGENCY,
  CreatePartnershipDocument as CREATE_PARTNERSHIP,
  CreateUserDocument as CREATE_USER,
  PartnershipDocument,
  PartnershipsDocument,
} from '../generated/graphql';
import { codes, startTestHub, type TestHub } from '../support/hub';

describe('organisations: agencies, partnerships, users', () => {
  let hub: TestHub;
  let adminToken: string;
  beforeAll(async () => {
    hub = await startTestHub();
    const admin = await buildUser(hub.dataSource, { roles: [Role.ADMIN] });
    adminToken = await hub.tokenFor(admin.email);
  });
  afterAll(() => hub.close());

  const count = async (table: string, column: string, value: string) =>
    Number((await hub.dataSource.query(`SELECT count(*) AS n FROM ${table} WHERE ${column} = $1`, [value]))[0].n);

  it('lets an admin build a partnership of police, council and housing provider with one user of each role', async () => {
    const agencies: Record<string, { id: string }> = {};
    for (const kind of [AgencyKind.POLICE, AgencyKind.COUNCIL, AgencyKind.HOUSING_PROVIDER, AgencyKind.POLICING_BODY]) {
      const res = await hub.gql(CREATE_AGENCY, { input: { code: unique(kind.replace(/_/g, '-')), name: `${kind} agency`, kind } }, adminToken);
      expect(res.errors).toBeUndefined();
      expect(res.data.createAgency.kind).toBe(kind);
      agencies[kind] = res.data.createAgency;
    }
    const code = unique('MEDWAY');
    const created = await hub.gql(CREATE_PARTNERSHIP, { input: { code, name: 'Medway CSP', leadAgencyId: agencies.COUNCIL.id } }, adminToken);
    expect(created.errors).toBeUndefined();
    const partnership = created.data.createPartnership;
    expect(partnership).toMatchObject({
      code,
      responseWorkingDays: 25,
      leadAgency: { id: agencies.COUNCIL.id },
      agencies: [{ id: agencies.COUNCIL.id }],
      thresholdRules: [{ minReports: 3, windowMonths: 6, reportWithinMonths: 1, minDistinctReporters: 1, categories: [] }],
    });
    for (const kind of [AgencyKind.POLICE, AgencyKind.HOUSING_PROVIDER, AgencyKind.POLICING_BODY]) {
      const added = await hub.gql(ADD_AGENCY, { partnershipId: partnership.id, agencyId: agencies[kind].id }, adminToken);
      expect(added.errors).toBeUndefined();
    }
    const again = await hub.gql(ADD_AGENCY, { partnershipId: partnership.id, agencyId: agencies.POLICE.id }, adminToken);
    expect(again.data.addAgencyToPartnership.agencies.map((a: { id: string }) => a.id).sort()).toEqual(
      Object.values(agencies).map((a) => a.id).sort(),
    );

    const agencyForRole: Record<Role, string> = {
      ADMIN: agencies.COUNCIL.id,
      CST_OFFICER: agencies.COUNCIL.id,
      CONTRIBUTOR: agencies.POLICE.id,
      RESPONDER: agencies.HOUSING_PROVIDER.id,
      PANEL_MEMBER: agencies.POLICE.id,
      AUDITOR: agencies.COUNCIL.id,
      DATA_PROTECTION_OFFICER: agencies.COUNCIL.id,
      // The police and crime commissioner's office.
      OVERSIGHT: agencies.POLICING_BODY.id,
    };
    for (const role of Object.values(Role)) {
      const email = `${unique(role)}@Example.test`;
      const res = await hub.gql(CREATE_USER, { input: { email, displayName: role, agencyId: agencyForRole[role], roles: [role] } }, adminToken);
      expect(res.errors).toBeUndefined();
      expect(res.data.createUser).toMatchObject({ email: email.toLowerCase(), roles: [role], agency: { id: agencyForRole[role] } });
      // The new user can sign in at once and sees the partnership their agency belongs to.
      const token = await hub.tokenFor(email);
      const seen = await hub.gql('query($id: ID!) { me { id } partnerships { id } partnership(id: $id) { id } }', { id: partnership.id }, token);
      expect(seen.data.me.id).toBe(res.data.createUser.id);
      expect(seen.data.partnership.id).toBe(partnership.id);
      // The list holds at most MAX_PARTNERSHIPS_LISTED (by code): an ADMIN of this shared test database sees the first of hundreds.
      if (role !== Role.ADMIN) expect(seen.data.partnerships.map((p: { id: string }) => p.id)).toContain(partnership.id);
    }
  });

  it("gives OVERSIGHT only to users of a policing body (a commissioner's office): elsewhere BAD_USER_INPUT naming the role, and no user", async () => {
    const council = await buildAgency(hub.dataSource, { kind: AgencyKind.COUNCIL });
    const office = await buildAgency(hub.dataSource, { kind: AgencyKind.POLICING_BODY });
    const email = `${unique('pcc')}@example.test`.toLowerCase();
    const refused = await hub.gql(CREATE_USER, { input: { email, displayName: 'PCC office', agencyId: council.id, roles: ['AUDITOR', 'OVERSIGHT'] } }, adminToken);
    expect(refused.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', reason: 'USER_ROLE_NOT_FOR_AGENCY', field: 'input.roles.1' }]);
    expect(await count('app_user', 'email', email)).toBe(0);
    const created = await hub.gql(CREATE_USER, { input: { email, displayName: 'PCC office', agencyId: office.id, roles: ['OVERSIGHT'] } }, adminToken);
    expect(created.errors).toBeUndefined();
    expect(created.data.createUser).toMatchObject({ email, roles: ['OVERSIGHT'], agency: { id: office.id } });
  });

  it('refuses every organisation mutation to non-admins with FORBIDDEN and creates nothing', async () => {
    const partnership = await buildPartnership(hub.dataSource);
    const other = await buildAgency(hub.dataSource);
    for (const role of Object.values(Role).filter((r) => r !== Role.ADMIN)) {
      const user = await buildUser(hub.dataSource, { roles: [role] });
      const token = await hub.tokenFor(user.email);
      const agencyCode = unique('NOPE');
      const partnershipCode = unique('NOPE');
      const email = `${unique('nope')}@example.test`;
      const results = [
        await hub.gql(CREATE_AGENCY, { input: { code: agencyCode, name: 'x', kind: 'POLICE' } }, token),
        await hub.gql(CREATE_PARTNERSHIP, { input: { code: partnershipCode, name: 'x', leadAgencyId: other.id } }, token),
        await hub.gql(ADD_AGENCY, { partnershipId: partnership.id, agencyId: other.id }, token),
        await hub.gql(CREATE_USER, { input: { email, displayName: 'x', agencyId: other.id, roles: ['ADMIN'] } }, token),
      ];
      expect(results.map(codes)).toEqual([['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN']]);
      expect(await count('agency', 'code', agencyCode)).toBe(0);
      expect(await count('partnership', 'code', partnershipCode)).toBe(0);
      expect(await count('partnership_agency', 'agency_id', other.id)).toBe(0);
      expect(await count('app_user', 'email', email)).toBe(0);
    }
  });

  it('refuses organisation mutations without a token as UNAUTHENTICATED', async () => {
    const code = unique('ANON');
    const res = await hub.gql(CREATE_AGENCY, { input: { code, name: 'x', kind: 'POLICE' } });
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(await count('agency', 'code', code)).toBe(0);
  });

  it('refuses duplicate codes and emails with BAD_USER_INPUT naming the field, changing nothing', async () => {
    const agency = await buildAgency(hub.dataSource);
    const dupAgency = await hub.gql(CREATE_AGENCY, { input: { code: agency.code, name: 'another name', kind: 'POLICE' } }, adminToken);
    expect(dupAgency.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.code' });
    expect(await count('agency', 'code', agency.code)).toBe(1);
    expect((await hub.dataSource.query('SELECT name FROM agency WHERE code = $1', [agency.code]))[0].name).toBe(agency.name);

    const partnership = await buildPartnership(hub.dataSource);
    const dupPartnership = await hub.gql(CREATE_PARTNERSHIP, { input: { code: partnership.code, name: 'x', leadAgencyId: agency.id } }, adminToken);
    expect(dupPartnership.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.code' });
    expect(await count('partnership', 'code', partnership.code)).toBe(1);
    // The refused partnership's lead membership was not left behind either.
    expect(await count('partnership_agency', 'agency_id', agency.id)).toBe(0);

    const user = await buildUser(hub.dataSource);
    const dupUser = await hub.gql(CREATE_USER, { input: { email: user.email.toUpperCase(), displayName: 'x', agencyId: agency.id, roles: ['AUDITOR'] } }, adminToken);
    expect(dupUser.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
    expect(await count('app_user', 'email', user.email)).toBe(1);
  });

  it.each([
    ['a lower-case code', CREATE_AGENCY, { input: { code: 'kent police', name: 'x', kind: 'POLICE' } }, 'input.code'],
    ['an empty name', CREATE_AGENCY, { input: { code: 'OK-CODE', name: '', kind: 'POLICE' } }, 'input.name'],
    ['a bad email', CREATE_USER, { input: { email: 'not-an-email', displayName: 'x', agencyId: '00000000-0000-4000-8000-000000000000', roles: ['AUDITOR'] } }, 'input.email'],
    ['no roles', CREATE_USER, { input: { email: 'a@b.test', displayName: 'x', agencyId: '00000000-0000-4000-8000-000000000000', roles: [] } }, 'input.roles'],
    ['an unknown kind', CREATE_AGENCY, { input: { code: 'OK-CODE', name: 'x', kind: 'BANK' } }, 'input.kind'],
    ['a rule of 0 reports', CREATE_PARTNERSHIP, { input: { code: 'OK-CODE', name: 'x', leadAgencyId: '00000000-0000-4000-8000-000000000000', thresholdRules: [{ minReports: 0 }] } }, 'input.thresholdRules.0.minReports'],
    ['no rules at all', CREATE_PARTNERSHIP, { input: { code: 'OK-CODE', name: 'x', leadAgencyId: '00000000-0000-4000-8000-000000000000', thresholdRules: [] } }, 'input.thresholdRules'],
    ['a malformed id', CREATE_PARTNERSHIP, { input: { code: 'OK-CODE', name: 'x', leadAgencyId: 'abc' } }, 'input.leadAgencyId'],
  ] as [string, TypedDocumentNode<unknown, any>, object, string][])('refuses %s with BAD_USER_INPUT naming the field', async (_label, mutation, variables, field) => {
    const res = await hub.gql(mutation, variables, adminToken);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await count('agency', 'code', 'OK-CODE')).toBe(0);
    expect(await count('partnership', 'code', 'OK-CODE')).toBe(0);
  });

  it('answers NOT_FOUND for a lead agency that does not exist', async () => {
    const code = unique('GHOST');
    const res = await hub.gql(CREATE_PARTNERSHIP, { input: { code, name: 'x', leadAgencyId: '00000000-0000-4000-8000-000000000000' } }, adminToken);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.leadAgencyId' });
    expect(await count('partnership', 'code', code)).toBe(0);
  });

  it('keeps custom threshold rules and response days', async () => {
    const lead = await buildAgency(hub.dataSource);
    const rules = [
      { minReports: 5, windowMonths: 6, reportWithinMonths: 1, minDistinctReporters: 3, categories: [] },
      { minReports: 1, windowMonths: 12, reportWithinMonths: 1, minDistinctReporters: 1, categories: ['HATE' as const] },
    ];
    const res = await hub.gql(CREATE_PARTNERSHIP, { input: { code: unique('RULES'), name: 'x', leadAgencyId: lead.id, thresholdRules: rules, responseWorkingDays: 20 } }, adminToken);
    expect(res.errors).toBeUndefined();
    expect(res.data.createPartnership).toMatchObject({ thresholdRules: rules, responseWorkingDays: 20 });
  });

  it("shows non-admins only their agency's partnerships; another answers NOT_FOUND like a missing one", async () => {
    const mine = await buildAgency(hub.dataSource);
    const theirs = await buildAgency(hub.dataSource);
    const myPartnership = await buildPartnership(hub.dataSource, { members: [mine] });
    const theirPartnership = await buildPartnership(hub.dataSource, { members: [theirs] });
    const user = await buildUser(hub.dataSource, { agency: mine, roles: [Role.CONTRIBUTOR] });
    const token = await hub.tokenFor(user.email);

    const list = await hub.gql('{ partnerships { id } agencies { id } }', {}, token);
    expect(list.data.partnerships.map((p: { id: string }) => p.id)).toEqual([myPartnership.id]);
    expect(list.data.agencies.map((a: { id: string }) => a.id)).toContain(mine.id);
    expect(list.data.agencies.map((a: { id: string }) => a.id)).not.toContain(theirs.id);

    expect((await hub.gql(PartnershipDocument, { id: myPartnership.id }, token)).data?.partnership?.id).toBe(myPartnership.id);
    const hidden = await hub.gql(PartnershipDocument, { id: theirPartnership.id }, token);
    const missing = await hub.gql(PartnershipDocument, { id: '00000000-0000-4000-8000-000000000000' }, token);
    expect(codes(hidden)).toEqual(['NOT_FOUND']);
    expect(hidden.errors?.[0].message).toBe(missing.errors?.[0].message);
    expect(hidden.errors?.[0].extensions).toEqual(missing.errors?.[0].extensions);
  });

  it('lists partnerships with their agencies in a fixed number of statements', async () => {
    const few = await hub.gql(PartnershipsDocument, {}, adminToken);
    for (let i = 0; i < 5; i++) await buildPartnership(hub.dataSource, { members: [await buildAgency(hub.dataSource)] });
    const more = await hub.gql(PartnershipsDocument, {}, adminToken);
    // A count first: two missing counts would be equal too.
    expect(few.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(more.data!.partnerships.length).toBeGreaterThanOrEqual(Math.min(few.data!.partnerships.length + 5, MAX_PARTNERSHIPS_LISTED));
    expect(more.data!.partnerships.length).toBeLessThanOrEqual(MAX_PARTNERSHIPS_LISTED);
    expect(more.extensions?.sqlStatements).toBe(few.extensions?.sqlStatements);
  });
});
