import { escapeHtml, publicPage } from '../../http/public-page';
import { ApplicantRelationship } from '../case-review/case-review.enums';
import { FORM_INCIDENT_ROWS, MAX_INCIDENTS, type FieldError, type FormValues } from './online-application.validate';

/*
 * The public application page, server-rendered: no script, nothing from another
 * origin (its only style sheet is inline, allowed by the response's nonce), labels
 * and fieldsets for every field, an error summary linking to each field in error
 * and each error beside its field (GOV.UK Design System patterns), printable.
 */

export type PageContext = { partnershipName: string; code: string; howToApply: string; nonce: string };

const esc = escapeHtml;

/** The id an input gets from its contract name: applicant.name -> applicant-name. */
export const fieldId = (field: string): string => field.replace(/\./g, '-');

const RELATIONSHIP_LABELS: [ApplicantRelationship, string][] = [
  [ApplicantRelationship.SELF, 'I am the victim and I am applying for myself'],
  [ApplicantRelationship.FAMILY_MEMBER, 'A family member of the victim'],
  [ApplicantRelationship.FRIEND, 'A friend of the victim'],
  [ApplicantRelationship.CARER, 'A carer of the victim'],
  [ApplicantRelationship.COUNCILLOR, 'A councillor'],
  [ApplicantRelationship.MEMBER_OF_PARLIAMENT, 'A Member of Parliament'],
  [ApplicantRelationship.PROFESSIONAL, 'A professional, for example a support worker'],
  [ApplicantRelationship.OTHER, 'Someone else'],
];

export const CONSENT_STATEMENT =
  'I confirm that the victim agrees to this application, and agrees that the council, the police, housing providers and the other agencies ' +
  'of the partnership may share information about them and their reports with each other to carry out the case review.';

const STYLE = `
  *, *::before, *::after { box-sizing: border-box; }
  body { margin: 0; font-family: Arial, Helvetica, sans-serif; font-size: 1.1875rem; line-height: 1.4; color: #0b0c0c; background: #fff; }
  a { color: #1d70b8; } a:visited { color: #4c2c92; } a:hover { color: #003078; }
  a:focus, input:focus, textarea:focus, select:focus, button:focus { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 0 0 4px #0b0c0c; }
  .skip-link { position: absolute; left: -9999px; } .skip-link:focus { position: static; display: block; padding: 10px; background: #ffdd00; color: #0b0c0c; }
  header { background: #0b0c0c; color: #fff; padding: 12px 20px; } header p { margin: 0; font-weight: bold; }
  main { max-width: 960px; margin: 0 auto; padding: 20px; }
  h1 { font-size: 2.25rem; margin: 0 0 20px; } h2 { font-size: 1.5rem; margin: 30px 0 15px; }
  fieldset { border: 0; padding: 0; margin: 0 0 30px; } legend { font-weight: bold; font-size: 1.5rem; margin-bottom: 10px; padding: 0; }
  .field { margin-bottom: 20px; } .field-error { border-left: 5px solid #d4351c; padding-left: 15px; }
  label { display: block; font-weight: bold; margin-bottom: 5px; } .hint { color: #484949; margin: 0 0 10px; }
  .error-message { color: #d4351c; font-weight: bold; margin: 0 0 10px; }
  input[type=text], input[type=email], input[type=tel], input[type=date], textarea, select { font: inherit; width: 100%; max-width: 30em; padding: 5px; border: 2px solid #0b0c0c; }
  input.short { max-width: 12em; } textarea { min-height: 6em; }
  .input-error { border-color: #d4351c !important; }
  .choice { display: flex; align-items: flex-start; margin-bottom: 10px; } .choice input { width: 28px; height: 28px; margin: 0 10px 0 0; flex: none; }
  .choice label { font-weight: normal; margin: 0; }
  .error-summary { border: 5px solid #d4351c; padding: 15px; margin-bottom: 30px; } .error-summary h2 { margin-top: 0; }
  .error-summary a { color: #d4351c; font-weight: bold; }
  .panel { background: #00703c; color: #fff; padding: 25px; margin-bottom: 30px; text-align: center; } .panel h1 { color: #fff; }
  .reference { font-size: 2rem; font-weight: bold; display: block; margin-top: 10px; }
  button { font: inherit; font-weight: bold; background: #00703c; color: #fff; border: 0; border-bottom: 2px solid #002d18; padding: 10px 20px; cursor: pointer; }
  .inset { border-left: 10px solid #b1b4b6; padding: 10px 15px; margin: 20px 0; }
  .visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: 0; padding: 0; overflow: hidden; clip: rect(0 0 0 0); border: 0; white-space: nowrap; }
  .hp { position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden; }
  @media print { header, .skip-link, button, .hp { display: none; } body { font-size: 12pt; } a { color: #000; } }
`;

function page(ctx: PageContext, title: string, body: string): string {
  return publicPage({ title, banner: ctx.partnershipName, style: { css: STYLE, nonce: ctx.nonce }, body });
}

type Input = { field: string; label: string; hint?: string; type?: 'text' | 'email' | 'tel' | 'date' | 'textarea'; autocomplete?: string; optional?: boolean; short?: boolean };

function inputField(values: FormValues, errors: Map<string, string>, f: Input): string {
  const id = fieldId(f.field);
  const error = errors.get(f.field);
  const describedBy = [f.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = `id="${id}" name="${esc(f.field)}"${describedBy ? ` aria-describedby="${describedBy}"` : ''}${error ? ' aria-invalid="true"' : ''}${
    f.autocomplete ? ` autocomplete="${f.autocomplete}"` : ''}`;
  const cls = [f.short ? 'short' : '', error ? 'input-error' : ''].filter(Boolean).join(' ');
  const control =
    f.type === 'textarea'
      ? `<textarea ${common}${cls ? ` class="${cls}"` : ''} rows="5">${esc(values[f.field])}</textarea>`
      : `<input ${common} type="${f.type ?? 'text'}"${cls ? ` class="${cls}"` : ''} value="${esc(values[f.field])}">`;
  return `<div class="field${error ? ' field-error' : ''}">
  <label for="${id}">${esc(f.label)}${f.optional ? ' (optional)' : ''}</label>
  ${f.hint ? `<p class="hint" id="${id}-hint">${esc(f.hint)}</p>` : ''}
  ${error ? `<p class="error-message" id="${id}-error"><span class="visually-hidden">Error:</span> ${esc(error)}</p>` : ''}
  ${control}
</div>`;
}

function personFields(values: FormValues, errors: Map<string, string>, who: 'applicant' | 'victim'): string {
  const own = who === 'applicant';
  const ac = (token: string) => (own ? token : 'off');
  const kindError = errors.get(`${who}.kind`);
  const kind = own
    ? ''
    : `<div class="field${kindError ? ' field-error' : ''}">
  <label for="victim-kind">The victim is</label>
  ${kindError ? `<p class="error-message" id="victim-kind-error"><span class="visually-hidden">Error:</span> ${esc(kindError)}</p>` : ''}
  <select id="victim-kind" name="victim.kind"${kindError ? ' aria-describedby="victim-kind-error" aria-invalid="true"' : ''}>
    ${[['INDIVIDUAL', 'A person'], ['BUSINESS', 'A business'], ['COMMUNITY_GROUP', 'A community group']]
      .map(([v, l]) => `<option value="${v}"${(values['victim.kind'] ?? 'INDIVIDUAL') === v ? ' selected' : ''}>${l}</option>`)
      .join('')}
  </select>
</div>`;
  return [
    kind,
    inputField(values, errors, { field: `${who}.name`, label: own ? 'Your full name' : "The victim's name", autocomplete: ac('name') }),
    inputField(values, errors, { field: `${who}.email`, label: 'Email address', type: 'email', autocomplete: ac('email'), optional: true, hint: own ? 'Give at least one of email, phone or address so the team can contact you.' : undefined }),
    inputField(values, errors, { field: `${who}.phone`, label: 'Phone number', type: 'tel', autocomplete: ac('tel'), optional: true, short: true }),
    inputField(values, errors, { field: `${who}.address`, label: 'Address', type: 'textarea', autocomplete: ac('street-address'), optional: true }),
    inputField(values, errors, { field: `${who}.postcode`, label: 'Postcode', autocomplete: ac('postal-code'), optional: true, short: true }),
    inputField(values, errors, { field: `${who}.dateOfBirth`, label: 'Date of birth', type: 'date', autocomplete: ac('bday'), optional: true, short: true, hint: 'Year-month-day, for example 1980-03-27. It helps the agencies find the right records.' }),
  ].join('\n');
}

/** The form, empty or with what was sent and every error beside its field (and linked from the summary). */
export function renderForm(ctx: PageContext, formToken: string, values: FormValues = {}, errorList: readonly FieldError[] = []): string {
  const errors = new Map<string, string>();
  for (const e of errorList) if (!errors.has(e.field)) errors.set(e.field, e.message);
  const rowsSent = Object.keys(values).map((k) => /^reportedIncidents\.(\d+)\./.exec(k)).filter((m) => m).map((m) => Number(m![1]) + 1);
  const rows = Math.min(MAX_INCIDENTS, Math.max(FORM_INCIDENT_ROWS, ...rowsSent, ...[...errors.keys()].map((k) => (/^reportedIncidents\.(\d+)/.exec(k) ? Number(/^reportedIncidents\.(\d+)/.exec(k)![1]) + 1 : 0))));
  const relationshipError = errors.get('relationship');
  const consentError = errors.get('consent');
  const formError = errors.get('form');
  const summary =
    errorList.length === 0
      ? ''
      : `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
  <h2 id="error-summary-title">There is a problem</h2>
  <ul>
    ${[...errors.entries()]
      .map(([field, message]) => `<li><a href="#${field === 'relationship' ? 'relationship-SELF' : field === 'form' ? 'main' : fieldId(field)}">${esc(message)}</a></li>`)
      .join('\n    ')}
  </ul>
</div>`;
  const incidents = Array.from({ length: rows }, (_, i) => {
    const at = (f: string) => `reportedIncidents.${i}.${f}`;
    return `<fieldset>
  <legend>Incident ${i + 1}${i > 0 ? ' (optional)' : ''}</legend>
  ${inputField(values, errors, { field: at('occurredOn'), label: 'Date it happened', type: 'date', short: true, hint: 'Use the date picker, or type it as year-month-day, for example 2026-03-27' })}
  ${inputField(values, errors, { field: at('reportedToOrganisation'), label: 'Who you reported it to', hint: 'For example Kent Police, Medway Council or your housing provider' })}
  ${inputField(values, errors, { field: at('reportedToReference'), label: 'Their reference number, if you know it', optional: true, short: true })}
  ${inputField(values, errors, { field: at('details'), label: 'What happened', type: 'textarea' })}
</fieldset>`;
  }).join('\n');
  const body = `${summary}
<h1>Apply for an ASB case review</h1>
<p>${esc(ctx.howToApply)}</p>
<div class="inset">
  <p>A case review is not a way to report a crime or anti-social behaviour, and it does not replace an agency's complaints procedure. In an emergency call 999; to report a crime call 101.</p>
</div>
${formError ? `<p class="error-message" id="form-error"><span class="visually-hidden">Error:</span> ${esc(formError)}</p>` : ''}
<form method="post" action="/partnerships/${esc(encodeURIComponent(ctx.code))}/applications" novalidate>
<input type="hidden" name="formToken" value="${esc(formToken)}">
<div class="hp" aria-hidden="true">
  <label for="website">Leave this empty</label>
  <input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value="">
</div>
<fieldset${relationshipError ? ' aria-describedby="relationship-error"' : ''}>
  <legend>Who is applying?</legend>
  <div class="field${relationshipError ? ' field-error' : ''}">
  ${relationshipError ? `<p class="error-message" id="relationship-error"><span class="visually-hidden">Error:</span> ${esc(relationshipError)}</p>` : ''}
  ${RELATIONSHIP_LABELS.map(
    ([value, label]) => `<div class="choice"><input type="radio" id="relationship-${value}" name="relationship" value="${value}"${values.relationship === value ? ' checked' : ''}><label for="relationship-${value}">${esc(label)}</label></div>`,
  ).join('\n  ')}
  </div>
</fieldset>
<fieldset>
  <legend>Your details</legend>
  ${personFields(values, errors, 'applicant')}
</fieldset>
<fieldset aria-describedby="victim-hint">
  <legend>The victim</legend>
  <p class="hint" id="victim-hint">Fill this in only if you are applying for someone else. Leave it empty if you are the victim.</p>
  ${personFields(values, errors, 'victim')}
</fieldset>
<h2>The incidents you reported</h2>
<p>For each incident: when it happened, who you reported it to and what happened. The form has room for ${rows}; the team will ask about more.</p>
${incidents}
<fieldset${consentError ? ' aria-describedby="consent-error"' : ''}>
  <legend>Consent</legend>
  <div class="field${consentError ? ' field-error' : ''}">
  ${consentError ? `<p class="error-message" id="consent-error"><span class="visually-hidden">Error:</span> ${esc(consentError)}</p>` : ''}
  <div class="choice"><input type="checkbox" id="consent" name="consent" value="true"${values.consent === 'true' || values.consent === 'on' ? ' checked' : ''}${consentError ? ' aria-invalid="true"' : ''}><label for="consent">${esc(CONSENT_STATEMENT)}</label></div>
  </div>
</fieldset>
<button type="submit">Send application</button>
</form>`;
  return page(ctx, `${errorList.length > 0 ? 'Error: ' : ''}Apply for an ASB case review - ${ctx.partnershipName}`, body);
}

/** The answer: the case reference and what happens next. Nothing about any record. */
export function renderReceived(ctx: PageContext, reference: string, next: string): string {
  return page(
    ctx,
    `Application received - ${ctx.partnershipName}`,
    `<div class="panel">
  <h1>Application received</h1>
  <p>Your reference<span class="reference">${esc(reference)}</span></p>
</div>
<h2>What happens next</h2>
<p>${esc(next)}</p>
<p>Keep your reference: quote it when you contact the Community Safety Team.</p>`,
  );
}

/** A short page for a refusal that is not about one field (unknown partnership, too many requests). */
export function renderMessage(ctx: PageContext, title: string, message: string): string {
  return page(ctx, title, `<h1>${esc(title)}</h1>\n<p>${esc(message)}</p>`);
}
