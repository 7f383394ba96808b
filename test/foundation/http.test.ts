import { startTestHub, type TestHub } from '../support/hub';

describe('HTTP endpoints', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  it('GET /health answers while the process is up', async () => {
    const res = await fetch(`${hub.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /ready answers when the database does', async () => {
    const res = await fetch(`${hub.url}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('answers GRAPHQL_PARSE_FAILED and GRAPHQL_VALIDATION_FAILED as Apollo defines them', async () => {
    expect((await hub.gql('{ me { id ')).errors?.[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect((await hub.gql('{ me { noSuchField } }')).errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
