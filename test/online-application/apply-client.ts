import type { DataSource } from 'typeorm';

export type Answer = { status: number; headers: Headers; text: string; json: any };

/** A browser-less client of the public application form: reads the page's token and posts as a browser would. */
export function applyClient(url: string, code: string) {
  const read = async (response: Response): Promise<Answer> => {
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // HTML
    }
    return { status: response.status, headers: response.headers, text, json };
  };
  return {
    page: async (c = code) => read(await fetch(`${url}/partnerships/${c}/apply`)),
    async token(): Promise<string> {
      const page = await this.page();
      const match = /name="formToken" value="([^"]+)"/.exec(page.text);
      if (!match) throw new Error('no form token on the page');
      return match[1];
    },
    /** A form post of `fields` (the contract's names), with the page's token unless `formToken` is given. */
    async postForm(fields: Record<string, string>, headers: Record<string, string> = {}, c = code): Promise<Answer> {
      const body = new URLSearchParams({ formToken: await this.token(), website: '', ...fields });
      return read(await fetch(`${url}/partnerships/${c}/applications`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body }));
    },
    async postJson(body: unknown, headers: Record<string, string> = {}, c = code): Promise<Answer> {
      return read(
        await fetch(`${url}/partnerships/${c}/applications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
    },
  };
}

/** A valid form, applying for oneself, with one incident. */
export const SELF_FORM: Record<string, string> = {
  relationship: 'SELF',
  'applicant.name': 'Robin Applicant',
  'applicant.email': 'robin@example.test',
  'applicant.phone': '',
  'applicant.address': '',
  'applicant.postcode': 'ME4 4TR',
  'applicant.dateOfBirth': '1975-04-03',
  'victim.kind': 'INDIVIDUAL',
  'victim.name': '',
  'reportedIncidents.0.occurredOn': '2026-09-01',
  'reportedIncidents.0.reportedToOrganisation': 'Kent Police',
  'reportedIncidents.0.reportedToReference': 'KP-123',
  'reportedIncidents.0.details': 'Shouting and banging on my door at night',
  'reportedIncidents.1.occurredOn': '',
  'reportedIncidents.1.reportedToOrganisation': '',
  'reportedIncidents.1.reportedToReference': '',
  'reportedIncidents.1.details': '',
  consent: 'true',
};

/** What the hub holds for a partnership: its cases, and the persons of its lead agency. */
export async function stored(ds: DataSource, partnershipId: string, leadAgencyId: string): Promise<{ cases: number; persons: number }> {
  const [{ cases }] = await ds.query('SELECT count(*)::int AS cases FROM case_review WHERE partnership_id = $1', [partnershipId]);
  const [{ persons }] = await ds.query('SELECT count(*)::int AS persons FROM person WHERE agency_id = $1', [leadAgencyId]);
  return { cases, persons };
}
