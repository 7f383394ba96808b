import { SignJWT, UnsecuredJWT } from 'jose';
import { Role } from '../../src/modules/user/role';
import { buildUser } from '../support/factories';
import { codes, startTestHub, TEST_JWT_SECRET, type TestHub } from '../support/hub';

const ME = '{ me { id email displayName roles agency { id code } } }';

describe('identity: who is calling', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  it('answers UNAUTHENTICATED without a token', async () => {
    const res = await hub.gql(ME);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data).toBeNull();
  });

  it('answers the caller, with agency and roles from the hub records', async () => {
    const user = await buildUser(hub.dataSource, { roles: [Role.RESPONDER, Role.PANEL_MEMBER] });
    const res = await hub.gql(ME, {}, await hub.tokenFor(user.email));
    expect(res.errors).toBeUndefined();
    expect(res.data.me).toEqual({
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: ['RESPONDER', 'PANEL_MEMBER'],
      agency: { id: user.agencyId, code: expect.any(String) },
    });
  });

  it('ignores roles claimed in the token', async () => {
    const user = await buildUser(hub.dataSource, { roles: [Role.CONTRIBUTOR] });
    const token = await new SignJWT({ roles: ['ADMIN'], agency: 'elsewhere' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.email)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const res = await hub.gql(ME, {}, token);
    expect(res.data.me.roles).toEqual(['CONTRIBUTOR']);
    const create = await hub.gql('mutation { createAgency(input: {code: "X-NOPE", name: "x", kind: OTHER}) { id } }', {}, token);
    expect(codes(create)).toEqual(['FORBIDDEN']);
  });

  it.each([
    ['expired', async (email: string) => signExpired(email)],
    ['signed with another secret', async (email: string) => signWith('another-secret-another-secret-another-secret', email)],
    ['unsigned (alg none)', async (email: string) => new UnsecuredJWT({}).setSubject(email).setExpirationTime('1h').encode()],
    ['not a JWT at all', async () => 'not-a-token'],
    ['without a subject', async () => signWith(TEST_JWT_SECRET, '')],
  ])('answers UNAUTHENTICATED for a token %s', async (_label, make) => {
    const user = await buildUser(hub.dataSource);
    const res = await hub.gql(ME, {}, await make(user.email));
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers UNAUTHENTICATED for a valid token of an unknown user', async () => {
    const res = await hub.gql(ME, {}, await hub.tokenFor('nobody-here@example.test'));
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('matches the subject to the email case-insensitively', async () => {
    const user = await buildUser(hub.dataSource);
    const res = await hub.gql(ME, {}, await hub.tokenFor(user.email.toUpperCase()));
    expect(res.data.me.id).toBe(user.id);
  });
});

function signWith(secret: string, email: string) {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h');
  if (email) jwt.setSubject(email);
  return jwt.sign(new TextEncoder().encode(secret));
}

function signExpired(email: string) {
  const past = Math.floor(Date.now() / 1000) - 3600;
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(email)
    .setIssuedAt(past - 60)
    .setExpirationTime(past)
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));
}
