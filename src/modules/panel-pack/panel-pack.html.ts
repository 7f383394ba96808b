import escapeHtml from 'escape-html';
import { londonDate } from '../../common/working-days';
import { CHRONOLOGY_KIND_LABELS } from './panel-pack.types';
import type { PackContent } from './panel-pack.service';
import { timelineSvg } from './panel-pack.svg';

/*
 * The panel pack as a printable page: server-rendered, no script, nothing from
 * elsewhere (the style is inline, the picture inline SVG), headings and a real
 * table for screen readers, and print rules: A4, each section on a new page,
 * the table's header repeated on every page, rows never split.
 */

const STYLE = `
  *, *::before, *::after { box-sizing: border-box; }
  body { margin: 0; font-family: Arial, Helvetica, sans-serif; font-size: 1rem; line-height: 1.45; color: #0b0c0c; background: #fff; }
  main { max-width: 1100px; margin: 0 auto; padding: 24px; }
  h1 { font-size: 2rem; margin: 0 0 8px; } h2 { font-size: 1.5rem; margin: 0 0 16px; }
  .marking { border: 3px solid #0b0c0c; padding: 8px 12px; font-weight: bold; margin: 0 0 20px; }
  .meta { color: #484949; margin: 0 0 24px; }
  section { margin: 0 0 40px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 24px; margin: 0; }
  dt { font-weight: bold; } dd { margin: 0; }
  figure { margin: 0; } figcaption { margin-top: 8px; color: #484949; }
  table { border-collapse: collapse; width: 100%; }
  caption { text-align: left; font-weight: bold; margin-bottom: 8px; }
  th, td { border-bottom: 1px solid #b1b4b6; padding: 8px 10px 8px 0; text-align: left; vertical-align: top; }
  th { border-bottom-width: 2px; }
  td.when { white-space: nowrap; }
  .text { white-space: pre-line; }
  .redacted { font-style: italic; color: #484949; }
  .level-HIGH { color: #b3261e; font-weight: bold; }
  @page { size: A4; margin: 15mm; }
  @media print {
    body { font-size: 10pt; } main { max-width: none; padding: 0; }
    section + section { break-before: page; page-break-before: always; }
    thead { display: table-header-group; } tr { break-inside: avoid; page-break-inside: avoid; }
    figure, svg { break-inside: avoid; }
  }
`;

const when = (at: Date) => {
  const date = londonDate(at);
  const time = at.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' });
  return time === '00:00' ? date : `${date} ${time}`;
};

const withheld = (value: string | null, why: string) => (value === null ? `<span class="redacted">${why}</span>` : escapeHtml(value));

export function packHtml(pack: PackContent): string {
  const timeline = pack.timeline;
  const v = pack.view;
  const agencyName = (id: string | null) => (id ? pack.agencies.get(id)?.name ?? '' : '');
  const redactedWhy = pack.consentActive ? 'Withheld' : 'Redacted: consent withdrawn';
  const risk = pack.latestRisk;
  const rows = pack.chronology
    .map(
      (e) => `<tr class="entry kind-${e.kind}${e.redacted ? ' is-redacted' : ''}">
  <td class="when">${escapeHtml(when(e.on))}</td>
  <td>${escapeHtml(CHRONOLOGY_KIND_LABELS[e.kind])}</td>
  <td>${escapeHtml(agencyName(e.agencyId))}</td>
  <td><strong>${escapeHtml(e.title)}</strong><br><span class="text">${e.redacted ? `<span class="redacted">${redactedWhy}: dates and categories only.</span>` : escapeHtml(e.text ?? '')}</span></td>
</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Panel pack ${escapeHtml(v.reference)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<section aria-labelledby="case-heading">
<p class="marking">OFFICIAL-SENSITIVE: personal data shared for an ASB case review. Do not copy or pass on.</p>
<h1 id="case-heading">Panel pack: ${escapeHtml(v.reference)}</h1>
<p class="meta">${escapeHtml(pack.partnershipName)}. Prepared for ${escapeHtml(pack.preparedFor.name)}${pack.preparedFor.agency ? ` (${escapeHtml(pack.preparedFor.agency)})` : ''} on ${escapeHtml(when(pack.preparedAt))}.</p>
<dl>
<dt>Reference</dt><dd>${escapeHtml(v.reference)}</dd>
<dt>Status</dt><dd>${escapeHtml(v.status)}</dd>
<dt>Application received</dt><dd>${escapeHtml(when(v.receivedAt))}</dd>
<dt>Victim</dt><dd>${withheld(pack.victimName, redactedWhy)}</dd>
<dt>Applicant</dt><dd>${withheld(pack.applicantName, redactedWhy)} (${escapeHtml(v.relationship)})</dd>
<dt>Consent to share</dt><dd>${pack.consentActive ? 'Active' : 'Not active: other agencies\u2019 personal data is redacted'}</dd>
<dt>Risk</dt><dd>${risk ? `<span class="level-${risk.level}">${risk.level}</span>, score ${risk.score}, assessed ${escapeHtml(londonDate(risk.assessedAt))}${risk.reviewDueOn ? `; reassess by ${risk.reviewDueOn}` : ''}` : 'Not assessed'}</dd>
<dt>Chronology</dt><dd>${pack.chronology.length} entries</dd>
</dl>
</section>
<section aria-labelledby="timeline-heading">
<h2 id="timeline-heading">Timeline of incidents</h2>
<figure>
${timelineSvg(timeline, 'timeline-title')}
<figcaption>${escapeHtml(timeline.summary)}</figcaption>
</figure>
</section>
<section aria-labelledby="chronology-heading">
<h2 id="chronology-heading">Chronology</h2>
<table>
<caption>Every dated item of the case, oldest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Agency</th><th scope="col">Details</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>
</main>
</body>
</html>
`;
}
