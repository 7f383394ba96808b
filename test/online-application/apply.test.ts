import { MeDocument } from '../generated/graphql';
import { AgencyKind } from '../../src/modules/agency/agency-kind';
import { buildAgency, buildPartnership } from '../support/factories';
import { codes } from '../support/hub';
import { startHubWithOptions, type OptionsHub } from '../hostile/hub-with-options';
import { applyClient, SELF_FORM, stored } from './apply-client';

describe('applying online: GET /partnerships/{code}/apply and POST /partnerships/{code}/applications', () => {
  let hub: OptionsHub;
  beforeAll(async () => {
    // One address sends every test's applications: the per-address limit has a test of its own below.
    hub = await startHubWithOptions({ applicationsPerMinute: 0 });
  });
  afterAll(() => hub.close());

  async function partnership() {
    const lead = await buildAgency(hub.dataSource, { kind: AgencyKind.COUNCIL });
    const p = await buildPartnership(hub.dataSource, { lead, name: 'Riverside Community Safety Partnership' });
    return { p, lead, client: applyClient(hub.url, p.code), nothing: () => stored(hub.dataSource, p.id, lead.id) };
  }

  it('serves an accessible form with no script and nothing from elsewhere, and 404 for an unknown partnership', async () => {
    const { p, client } = await partnership();
    const page = await client.page();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(page.text).toContain('<html lang="en-GB">');
    expect(page.text).not.toMatch(/<script|https?:\/\/|\/\/cdn/i);
    expect(page.text).toContain(`/partnerships/${p.code}/apply`); // the default howToApply text names it
    // Every control has a label.
    const ids = [...page.text.matchAll(/<(?:input|textarea|select)[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) expect(page.text).toContain(`<label for="${id}"`);
    expect(page.text.match(/<fieldset/g)!.length).toBeGreaterThanOrEqual(6);

    const unknown = await client.page('NO-SUCH-PARTNERSHIP');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('There is no partnership with this code');
    const unknownJson = await client.postJson({ relationship: 'SELF', consent: true }, {}, 'NO-SUCH-PARTNERSHIP');
    expect(unknownJson.status).toBe(404);
  });

  it('receives a form post as a RECEIVED case with channel ONLINE, entered by the form as a system user of the lead agency', async () => {
    const { p, lead, client, nothing } = await partnership();
    const before = await nothing();
    const answer = await client.postForm(SELF_FORM);
    expect(answer.status).toBe(201);
    const reference = new RegExp(`${p.code}-\\d{4}-\\d{4}`).exec(answer.text)?.[0];
    expect(reference).toBeDefined();
    expect(answer.text).toContain('What happens next');
    // It answers the reference and what happens next: nothing the applicant typed, nothing about any record.
    expect(answer.text).not.toMatch(/Robin|robin@|ME4 4TR|KP-123|Shouting/);

    const [row] = await hub.dataSource.query(
      `SELECT c.id, c.status::text, c.channel::text, c.consent_channel::text, c.relationship::text, c.victim_id = c.applicant_id AS self,
              c.reported_incidents, a.name, a.agency_id
         FROM case_review c JOIN person a ON a.id = c.applicant_id WHERE c.reference = $1`,
      [reference],
    );
    expect(row).toMatchObject({ status: 'RECEIVED', channel: 'ONLINE', consent_channel: 'ONLINE', relationship: 'SELF', self: true, name: 'Robin Applicant', agency_id: lead.id });
    expect(row.reported_incidents).toEqual([
      { occurredOn: '2026-09-01', reportedToName: null, reportedToOrganisation: 'Kent Police', reportedToReference: 'KP-123', details: 'Shouting and banging on my door at night' },
    ]);
    const [event] = await hub.dataSource.query(
      `SELECT e.type, e.note, u.display_name, u.agency_id, u.roles::text[] AS roles FROM case_event e JOIN app_user u ON u.id = e.actor_id WHERE e.case_id = $1`,
      [row.id],
    );
    expect(event).toEqual({ type: 'RECEIVED', note: 'by online', display_name: `Online application form (${p.code})`, agency_id: lead.id, roles: ['CST_OFFICER'] });
    const log = await hub.dataSource.query(
      `SELECT l.action, l.entity, u.display_name FROM access_log l JOIN app_user u ON u.id = l.actor_id WHERE l.case_id = $1 ORDER BY l.id`,
      [row.id],
    );
    // The case, the consent given with it (issue 11's rule for every submission) and the applicant.
    expect(log).toEqual([
      { action: 'WRITE', entity: 'CaseReview', display_name: `Online application form (${p.code})` },
      { action: 'WRITE', entity: 'Consent', display_name: `Online application form (${p.code})` },
      { action: 'WRITE', entity: 'Person', display_name: `Online application form (${p.code})` },
    ]);
    expect(await nothing()).toEqual({ cases: before.cases + 1, persons: before.persons + 1 });
  });

  it('receives JSON on behalf of a victim, with several incidents, and answers the reference and what happens next', async () => {
    const { p, client } = await partnership();
    const answer = await client.postJson({
      relationship: 'FAMILY_MEMBER',
      consent: true,
      applicant: { name: 'Sam Helper', phone: '01634 000000' },
      victim: { name: 'Alex Victim', postcode: 'ME7 1AA', dateOfBirth: '1950-01-02' },
      reportedIncidents: [
        { occurredOn: '2026-08-01', reportedToOrganisation: 'Moat Homes', details: 'Graffiti on the door' },
        { occurredOn: '2026-09-01', reportedToOrganisation: 'Kent Police', reportedToReference: 'KP-9', details: 'Threats' },
      ],
    });
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.json).sort()).toEqual(['next', 'reference']);
    expect(answer.json.reference).toMatch(new RegExp(`^${p.code}-\\d{4}-\\d{4}$`));
    expect(answer.json.next).toMatch(/working days/);
    const [row] = await hub.dataSource.query(
      `SELECT c.relationship::text, v.name AS victim, a.name AS applicant, jsonb_array_length(c.reported_incidents) AS n
         FROM case_review c JOIN person v ON v.id = c.victim_id JOIN person a ON a.id = c.applicant_id WHERE c.reference = $1`,
      [answer.json.reference],
    );
    expect(row).toEqual({ relationship: 'FAMILY_MEMBER', victim: 'Alex Victim', applicant: 'Sam Helper', n: 2 });
  });

  const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  it.each([
    ['consent not ticked', { consent: '' }, 'consent'],
    ['no relationship', { relationship: '' }, 'relationship'],
    ['an unknown relationship', { relationship: 'LANDLORD' }, 'relationship'],
    ['no name', { 'applicant.name': '  ' }, 'applicant.name'],
    ['a name of 201 characters', { 'applicant.name': 'x'.repeat(201) }, 'applicant.name'],
    ['no way to contact the applicant', { 'applicant.email': '' }, 'applicant.email'],
    ['a bad email', { 'applicant.email': 'not-an-email' }, 'applicant.email'],
    ['a bad postcode', { 'applicant.postcode': 'NOT A POSTCODE' }, 'applicant.postcode'],
    ['a victim missing on behalf of someone', { relationship: 'CARER' }, 'victim.name'],
    ['an incident in the future', { 'reportedIncidents.0.occurredOn': future }, 'reportedIncidents.0.occurredOn'],
    ['an impossible date', { 'reportedIncidents.0.occurredOn': '2026-02-30' }, 'reportedIncidents.0.occurredOn'],
    ['an incident without details', { 'reportedIncidents.0.details': '' }, 'reportedIncidents.0.details'],
    ['no incident at all', { 'reportedIncidents.0.occurredOn': '', 'reportedIncidents.0.reportedToOrganisation': '', 'reportedIncidents.0.reportedToReference': '', 'reportedIncidents.0.details': '' }, 'reportedIncidents.0.occurredOn'],
    ['text PostgreSQL cannot store', { 'reportedIncidents.0.details': 'bad \u0000 byte' }, 'reportedIncidents.0.details'],
    ['the honeypot filled in', { website: 'http://spam.example' }, 'form'],
    ['no form token', { formToken: '' }, 'form'],
    ['a forged form token', { formToken: `${Date.now()}.${'A'.repeat(43)}` }, 'form'],
  ])('re-renders the form with %s beside its field, and stores nothing', async (_label, change, field) => {
    const { client, nothing } = await partnership();
    const before = await nothing();
    const answer = await client.postForm({ ...SELF_FORM, ...(change as Record<string, string>) });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('There is a problem');
    const id = field.replace(/\./g, '-');
    if (field === 'form') {
      expect(answer.text).toContain('id="form-error"');
    } else {
      expect(answer.text).toContain(`id="${id}-error"`);
      expect(answer.text).toMatch(new RegExp(`<a href="#${field === 'relationship' ? 'relationship-SELF' : id}">`));
    }
    // What was typed comes back (a new token with it), so nothing needs typing again.
    if (field !== 'applicant.name') expect(answer.text).toContain('value="Robin Applicant"');
    expect(answer.text).toMatch(/name="formToken" value="\d+\./);
    expect(await nothing()).toEqual(before);
  });

  it.each([
    ['consent false', { consent: false }, 'consent', 400],
    ['a victim when applying for oneself', { victim: { name: 'Someone' } }, 'victim.name', 400],
    ['a number for a name', { applicant: { name: 42, email: 'a@b.example' } }, 'applicant.name', 400],
    ['21 incidents', { reportedIncidents: Array.from({ length: 21 }, () => ({ occurredOn: '2026-01-01', reportedToOrganisation: 'Police', details: 'x' })) }, 'reportedIncidents', 400],
  ])('answers JSON with %s as {errors:[{field,message}]} and stores nothing', async (_label, change, field, status) => {
    const { client, nothing } = await partnership();
    const before = await nothing();
    const body = {
      relationship: 'SELF', consent: true, applicant: { name: 'Jo Json', email: 'jo@example.test' },
      reportedIncidents: [{ occurredOn: '2026-09-01', reportedToOrganisation: 'Kent Police', details: 'Noise' }],
      ...change,
    };
    const answer = await client.postJson(body);
    expect(answer.status).toBe(status);
    expect(answer.json.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
    expect(await nothing()).toEqual(before);
  });

  it('refuses another site\'s post, a body over the limit and an unknown content type, storing nothing', async () => {
    const { client, nothing } = await partnership();
    const before = await nothing();
    const cross = await client.postForm(SELF_FORM, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    const crossJson = await client.postJson({ relationship: 'SELF' }, { origin: 'https://evil.example' });
    expect(crossJson.status).toBe(403);
    expect(crossJson.json.errors[0].field).toBe('form');
    const huge = await client.postJson({ relationship: 'SELF', consent: true, applicant: { name: 'x'.repeat(200_000) } });
    expect(huge.status).toBe(413);
    const text = await fetch(`${hub.url}/partnerships/${(await client.page()).text.match(/\/partnerships\/([^/]+)\/applications/)![1]}/applications`, {
      method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'relationship=SELF',
    });
    expect(text.status).toBe(415);
    expect(await nothing()).toEqual(before);
  });

  it('never lets a token act as the online form', async () => {
    const { p, client } = await partnership();
    expect((await client.postForm(SELF_FORM)).status).toBe(201);
    const token = await hub.tokenFor(`${p.code.toLowerCase()}@online-applications.hub.invalid`);
    expect(codes(await hub.gql(MeDocument, {}, token))).toEqual(['UNAUTHENTICATED']);
  });

  describe('per-address limit', () => {
    let limited: OptionsHub;
    beforeAll(async () => {
      limited = await startHubWithOptions({ applicationsPerMinute: 2 });
    });
    afterAll(() => limited.close());

    it('answers 429 with Retry-After past the limit, and stores nothing for it', async () => {
      const lead = await buildAgency(limited.dataSource, { kind: AgencyKind.COUNCIL });
      const p = await buildPartnership(limited.dataSource, { lead });
      const client = applyClient(limited.url, p.code);
      expect((await client.postForm(SELF_FORM)).status).toBe(201);
      expect((await client.postJson({ relationship: 'SELF' })).status).toBe(400);
      const before = await stored(limited.dataSource, p.id, lead.id);
      const third = await client.postForm(SELF_FORM);
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      const json = await client.postJson({ relationship: 'SELF' });
      expect(json.status).toBe(429);
      expect(json.json.errors[0].field).toBe('form');
      expect(await stored(limited.dataSource, p.id, lead.id)).toEqual(before);
    });
  });
});
