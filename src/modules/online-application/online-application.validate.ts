import { ApplicantRelationship } from '../case-review/case-review.enums';
import type { ApplicationInput } from '../case-review/case-review.inputs';
import { PersonKind } from '../person/person-kind';
import { UK_POSTCODE } from '../person/person.inputs';

/** One problem with the form, named by the field's contract name (e.g. applicant.name, reportedIncidents.0.occurredOn). */
export type FieldError = { field: string; message: string };

/** What the applicant sent, as strings, keyed by the contract's field names: the form re-renders from it. */
export type FormValues = Record<string, string>;

/** Incident rows the HTML form shows; JSON may send up to MAX_INCIDENTS. */
export const FORM_INCIDENT_ROWS = 3;
export const MAX_INCIDENTS = 20;

const PERSON_FIELDS = ['name', 'email', 'phone', 'postcode', 'address', 'dateOfBirth', 'kind'] as const;
const INCIDENT_FIELDS = ['occurredOn', 'reportedToOrganisation', 'reportedToReference', 'details'] as const;
const LIMITS: Record<string, number> = {
  name: 200, email: 254, phone: 20, postcode: 10, address: 500, dateOfBirth: 10, kind: 20,
  occurredOn: 10, reportedToOrganisation: 200, reportedToReference: 100, details: 5000,
};
/** Incident dates before 2000 and birth dates before 1900 are typing errors (such an incident could not count towards a review). */
const EARLIEST = { incident: '2000-01-01', birth: '1900-01-01' };
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const RELATIONSHIPS = Object.values(ApplicantRelationship) as string[];
const KINDS = Object.values(PersonKind) as string[];

/**
 * Flattens a JSON body ({ applicant: { name } , reportedIncidents: [ {...} ] }) or a
 * form body (applicant.name=...) into FormValues. Values that are not strings (or,
 * for consent, a boolean) are reported as errors, not coerced.
 */
export function flatten(body: unknown, json: boolean): { values: FormValues; errors: FieldError[] } {
  const values: FormValues = {};
  const errors: FieldError[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { values, errors: [{ field: 'form', message: 'Send the application as a form or a JSON object' }] };
  const b = body as Record<string, unknown>;
  const take = (field: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (typeof value === 'string') values[field] = value;
    else if (typeof value === 'number' && field.endsWith('Reference')) values[field] = String(value);
    else errors.push({ field, message: 'Must be text' });
  };
  if (!json) {
    for (const [key, value] of Object.entries(b)) take(key, Array.isArray(value) ? value[0] : value);
    return { values, errors };
  }
  take('relationship', b.relationship);
  if (b.consent === true) values.consent = 'true';
  else if (b.consent !== undefined && b.consent !== false) errors.push({ field: 'consent', message: 'Must be true or false' });
  take('website', b.website);
  for (const who of ['applicant', 'victim'] as const) {
    const person = b[who];
    if (person === undefined || person === null) continue;
    if (typeof person !== 'object' || Array.isArray(person)) {
      errors.push({ field: who, message: 'Must be an object' });
      continue;
    }
    for (const f of PERSON_FIELDS) take(`${who}.${f}`, (person as Record<string, unknown>)[f]);
  }
  const incidents = b.reportedIncidents;
  if (incidents !== undefined && !Array.isArray(incidents)) errors.push({ field: 'reportedIncidents', message: 'Must be a list' });
  else if (Array.isArray(incidents)) {
    if (incidents.length > MAX_INCIDENTS) errors.push({ field: 'reportedIncidents', message: `At most ${MAX_INCIDENTS} incidents` });
    else
      incidents.forEach((row, i) => {
        if (!row || typeof row !== 'object' || Array.isArray(row)) errors.push({ field: `reportedIncidents.${i}`, message: 'Must be an object' });
        else for (const f of INCIDENT_FIELDS) take(`reportedIncidents.${i}.${f}`, (row as Record<string, unknown>)[f]);
      });
  }
  return { values, errors };
}

/**
 * Checks an application (DOMAIN.md, "Application") and builds the case review's
 * input, or answers every problem with its field. The case-review service checks
 * again what it always checks (its own rules, whatever the channel).
 */
export function validateApplication(values: FormValues, partnershipId: string, now: Date, today: string, json = false): { input: ApplicationInput | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  const text = (field: string): string | null => {
    const raw = values[field];
    if (raw === undefined) return null;
    const limit = LIMITS[field.split('.').pop()!] ?? 200;
    if (raw.length > limit * 2 || raw.trim().length > limit) {
      fail(field, `Must be ${limit} characters or fewer`);
      return null;
    }
    if (UNSTORABLE.test(raw)) {
      fail(field, 'Contains characters that cannot be stored');
      return null;
    }
    const trimmed = raw.trim();
    return trimmed.length > 0 ? trimmed : null;
  };
  const date = (field: string, label: string, required: boolean, earliest: string): string | null => {
    const value = text(field);
    if (!value) {
      if (required && !errors.some((e) => e.field === field)) fail(field, `Enter ${label}`);
      return null;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
      fail(field, `Enter ${label} as a real date, for example 2026-03-27`);
      return null;
    }
    if (value > today) fail(field, `${label[0].toUpperCase()}${label.slice(1)} must be today or in the past`);
    else if (value < earliest) fail(field, `${label[0].toUpperCase()}${label.slice(1)} must be in ${earliest.slice(0, 4)} or later`);
    return value;
  };

  if (text('website')) fail('form', 'The application could not be accepted');

  const relationship = text('relationship');
  if (!relationship) fail('relationship', 'Select who is applying');
  else if (!RELATIONSHIPS.includes(relationship)) fail('relationship', 'Select one of the options');

  const person = (who: 'applicant' | 'victim', label: string) => {
    const name = text(`${who}.name`);
    if (!name && !errors.some((e) => e.field === `${who}.name`)) fail(`${who}.name`, `Enter ${label} full name`);
    const email = text(`${who}.email`);
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail(`${who}.email`, 'Enter an email address like name@example.com');
    const phone = text(`${who}.phone`);
    if (phone && !/^\+?[0-9 ()-]{6,20}$/.test(phone)) fail(`${who}.phone`, 'Enter a phone number, like 01634 306000 or 07700 900 982');
    const postcode = text(`${who}.postcode`);
    if (postcode && !UK_POSTCODE.test(postcode)) fail(`${who}.postcode`, 'Enter a real postcode, like ME4 4TR');
    const address = text(`${who}.address`);
    const dateOfBirth = date(`${who}.dateOfBirth`, 'the date of birth', false, EARLIEST.birth);
    const kind = text(`${who}.kind`) ?? PersonKind.INDIVIDUAL;
    if (!KINDS.includes(kind)) fail(`${who}.kind`, 'Select one of the options');
    return { kind: kind as PersonKind, name: name ?? '', email, phone, postcode, address, dateOfBirth };
  };
  const applicant = person('applicant', 'your');
  if (!applicant.email && !applicant.phone && !applicant.address && !errors.some((e) => e.field.startsWith('applicant.'))) {
    fail('applicant.email', 'Give an email address, a phone number or an address, so the team can contact you');
  }
  const victimGiven = Object.keys(values).some((k) => k.startsWith('victim.') && k !== 'victim.kind' && values[k].trim() !== '');
  let victim: ReturnType<typeof person> | null = null;
  if (relationship && relationship !== ApplicantRelationship.SELF) victim = person('victim', "the victim's");
  else if (relationship === ApplicantRelationship.SELF && victimGiven && json) {
    // The HTML form always shows the victim's fields; what is typed there is ignored when applying for yourself.
    fail('victim.name', 'Leave out the victim when you are applying for yourself');
  }

  const incidents: ApplicationInput['reportedIncidents'] = [];
  const rows = new Set<number>();
  for (const key of Object.keys(values)) {
    const m = /^reportedIncidents\.(\d+)\./.exec(key);
    if (m && Number(m[1]) < MAX_INCIDENTS) rows.add(Number(m[1]));
  }
  for (const i of [...rows].sort((a, b) => a - b)) {
    const at = (f: string) => `reportedIncidents.${i}.${f}`;
    // A row the applicant left empty on the form is not an incident.
    if (INCIDENT_FIELDS.every((f) => !(values[at(f)] ?? '').trim())) continue;
    const occurredOn = date(at('occurredOn'), 'the date it happened', true, EARLIEST.incident);
    const reportedToOrganisation = text(at('reportedToOrganisation'));
    if (!reportedToOrganisation && !errors.some((e) => e.field === at('reportedToOrganisation'))) fail(at('reportedToOrganisation'), 'Enter who you reported it to');
    const reportedToReference = text(at('reportedToReference'));
    const details = text(at('details'));
    if (!details && !errors.some((e) => e.field === at('details'))) fail(at('details'), 'Describe what happened');
    incidents.push({ occurredOn: occurredOn ?? '', reportedToOrganisation: reportedToOrganisation ?? '', reportedToReference, details, reportedToName: null });
  }
  if (incidents.length === 0 && !errors.some((e) => e.field.startsWith('reportedIncidents'))) {
    fail('reportedIncidents.0.occurredOn', 'Tell us about at least one incident you reported');
  }

  if (values.consent !== 'true' && values.consent !== 'on' && values.consent !== 'yes') {
    fail('consent', 'Tick the box to confirm consent: without it the agencies cannot share information and review the case');
  }

  if (errors.length > 0) return { input: null, errors };
  const personInput = (p: NonNullable<typeof victim>) => ({
    kind: p.kind, name: p.name, email: p.email, phone: p.phone, postcode: p.postcode, address: p.address, dateOfBirth: p.dateOfBirth,
  });
  return {
    input: {
      partnershipId,
      receivedAt: now,
      channel: 'ONLINE',
      applicant: personInput(applicant),
      relationship: relationship as ApplicantRelationship,
      victim: victim ? personInput(victim) : null,
      consentGivenAt: now,
      consentChannel: 'ONLINE',
      reportedIncidents: incidents,
    } as ApplicationInput,
    errors: [],
  };
}
