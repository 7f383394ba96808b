import { createHash } from 'node:crypto';
import { escapeHtml, publicPage } from '../../http/public-page';
import type { PeriodKind } from './periods';
import type { Channel } from '../case-review/case-review.enums';
import { CHANNELS, type PeriodReturn } from './statistics.types';

/*
 * The partnership's public figures page, server-rendered: the table of the four
 * statutory figures by year (the form councils publish by hand), a bar chart of
 * the same figures beside it (inline SVG: a title, a description, the table as
 * its text alternative), the rest of the yearly return, and the downloads. No
 * script, nothing from another origin, printable. The page is the same for
 * everyone and cached, so its one style sheet is allowed by its hash, not a nonce.
 */

export type FiguresPage = {
  partnershipName: string;
  code: string;
  period: PeriodKind;
  returns: readonly PeriodReturn[];
  /** The Europe/London date the page is drawn on: a period not yet ended is marked "to date". */
  today: string;
};

const esc = escapeHtml;

/** The four statutory figures, in the order councils publish them, with their colours in the chart (each 3:1 or more against white). */
export const FOUR_FIGURES = [
  { key: 'applicationsReceived', heading: 'Applications received', colour: '#1d70b8' },
  { key: 'thresholdNotMet', heading: 'Threshold not met', colour: '#d4351c' },
  { key: 'reviewsCarriedOut', heading: 'Case reviews carried out', colour: '#00703c' },
  { key: 'reviewsWithRecommendations', heading: 'Reviews resulting in recommendations', colour: '#4c2c92' },
] as const satisfies readonly { key: keyof PeriodReturn; heading: string; colour: string }[];

const CHANNEL_NAMES: Record<Channel, string> = { PHONE: 'by phone', POST: 'by post', EMAIL: 'by email', ONLINE: 'online', IN_PERSON: 'in person' };

/** The rest of the return, one row each in the second table. */
const MORE_FIGURES: { heading: string; value: (r: PeriodReturn) => string }[] = [
  ...CHANNELS.map((channel) => ({
    heading: `Applications ${CHANNEL_NAMES[channel]}`,
    value: (r: PeriodReturn) => String(r.applicationsByChannel.find((c) => c.channel === channel)?.count ?? 0),
  })),
  { heading: "Applications made on the victim's behalf", value: (r) => String(r.onBehalfOfVictim) },
  { heading: 'Reviews with an independent chair', value: (r) => String(r.independentChair) },
  { heading: 'Reviews the victim attended', value: (r) => String(r.victimAttended) },
  { heading: 'Recommendations made', value: (r) => String(r.recommendationsMade) },
  { heading: 'Recommendations accepted', value: (r) => String(r.recommendationsAccepted) },
  { heading: 'Recommendations declined', value: (r) => String(r.recommendationsDeclined) },
  { heading: 'Recommendations completed', value: (r) => String(r.recommendationsCompleted) },
  { heading: 'Secondary reviews requested', value: (r) => String(r.secondaryReviewsRequested) },
  { heading: 'Median working days from application to outcome', value: (r) => (r.medianWorkingDaysToOutcome === null ? 'none' : String(r.medianWorkingDaysToOutcome)) },
  { heading: 'Victims told about case reviews at a repeat report', value: (r) => String(r.victimsToldAtSecondReport) },
];

const STYLE = `
  *, *::before, *::after { box-sizing: border-box; }
  body { margin: 0; font-family: Arial, Helvetica, sans-serif; font-size: 1.1875rem; line-height: 1.4; color: #0b0c0c; background: #fff; }
  a { color: #1d70b8; } a:visited { color: #4c2c92; } a:hover { color: #003078; }
  a:focus, .scroll:focus { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 0 0 4px #0b0c0c; }
  /* Shown over the header when focused, not in the flow: the page does not move under the pointer when focus leaves it. */
  .skip-link { position: absolute; left: -9999px; } .skip-link:focus { left: 0; top: 0; z-index: 1; padding: 10px; background: #ffdd00; color: #0b0c0c; }
  header { background: #0b0c0c; color: #fff; padding: 12px 20px; } header p { margin: 0; font-weight: bold; }
  main { max-width: 1180px; margin: 0 auto; padding: 20px; }
  h1 { font-size: 2.25rem; margin: 0 0 20px; } h2 { font-size: 1.5rem; margin: 40px 0 15px; }
  .lead { font-size: 1.3rem; max-width: 40em; }
  .figures { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 30px; align-items: start; }
  @media (max-width: 900px) { .figures { grid-template-columns: minmax(0, 1fr); } }
  figure { margin: 0; } svg { width: 100%; height: auto; display: block; } figcaption { color: #484949; font-size: 1rem; margin-top: 10px; }
  table { border-collapse: collapse; width: 100%; }
  caption { text-align: left; font-weight: bold; font-size: 1.2rem; margin-bottom: 10px; }
  th, td { text-align: left; vertical-align: top; padding: 8px 12px 8px 0; border-bottom: 1px solid #b1b4b6; }
  table.four { font-size: 1rem; } table.four tbody th { white-space: nowrap; }
  td.n, th.n { text-align: right; }
  .scroll { overflow-x: auto; }
  .note { color: #484949; }
  nav ul, .downloads { padding-left: 0; list-style: none; } nav li { display: inline; margin-right: 20px; }
  @media print {
    .skip-link, nav { display: none; } body { font-size: 11pt; } a { color: #000; }
    /* Whose figures they are stays on the paper, without the black band. */
    header { background: none; color: #000; padding: 0 20px; }
    .figures { grid-template-columns: minmax(0, 1fr); } figure, table { break-inside: avoid; } figure svg { max-width: 15cm; }
  }
`;

/** The page's Content-Security-Policy: nothing but its own style sheet, by hash (the same page for everyone, cached). */
export const FIGURES_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

const PERIOD_WORDS: Record<PeriodKind, { by: string; span: string }> = {
  FINANCIAL_YEAR: { by: 'financial year', span: 'financial year (1 April to 31 March)' },
  CALENDAR_YEAR: { by: 'calendar year', span: 'calendar year (1 January to 31 December)' },
};

/** The years to show: from the first with an application (or anything else counted) to the last asked for; the last alone when all are empty. */
export function yearsWithFigures(returns: readonly PeriodReturn[]): PeriodReturn[] {
  const first = returns.findIndex((r) => r.applicationsReceived > 0 || r.victimsToldAtSecondReport > 0);
  return first < 0 ? returns.slice(-1) : returns.slice(first);
}

/** The figures page. */
export function renderFiguresPage(p: FiguresPage): string {
  const words = PERIOD_WORDS[p.period];
  const other: PeriodKind = p.period === 'FINANCIAL_YEAR' ? 'CALENDAR_YEAR' : 'FINANCIAL_YEAR';
  const current = p.returns.find((r) => r.periodStart <= p.today && p.today <= r.periodEnd);
  const query = `period=${p.period}&from=${p.returns[0]?.periodStart.slice(0, 4) ?? ''}&to=${p.returns[p.returns.length - 1]?.periodStart.slice(0, 4) ?? ''}`;
  const body = `<h1>ASB case reviews: our figures</h1>
<p class="lead">Someone who has reported anti-social behaviour again and again, and feels nothing has changed, can ask for an ASB case review. Each year we publish how many applications we received and what happened to them.</p>
<p>Every figure counts the applications received in a ${esc(words.span)}, whenever they were decided.${current ? ` The figures for ${esc(current.label)} are to date: that year has not ended.` : ''}</p>
<nav aria-label="Choose how the years are counted">
  <ul>
    <li>${p.period === 'FINANCIAL_YEAR' ? '<strong>By financial year</strong>' : `<a href="figures?period=${other}">By financial year</a>`}</li>
    <li>${p.period === 'CALENDAR_YEAR' ? '<strong>By calendar year</strong>' : `<a href="figures?period=${other}">By calendar year</a>`}</li>
  </ul>
</nav>
<div class="figures">
<figure>
${barChart(p.returns, words.by)}
<figcaption>Each year's four bars, left to right: ${FOUR_FIGURES.map((f) => f.heading.toLowerCase()).join(', ')}. The table gives the same figures.</figcaption>
</figure>
${fourFiguresTable(p.returns, words.by)}
</div>
<h2>More about these applications</h2>
<div class="scroll" role="region" aria-labelledby="more-caption" tabindex="0">
<table>
  <caption id="more-caption">More figures by ${esc(words.by)}</caption>
  <thead><tr><th scope="col">Figure</th>${p.returns.map((r) => `<th scope="col" class="n">${esc(r.label)}</th>`).join('')}</tr></thead>
  <tbody>
${MORE_FIGURES.map((f) => `    <tr><th scope="row">${esc(f.heading)}</th>${p.returns.map((r) => `<td class="n">${esc(f.value(r))}</td>`).join('')}</tr>`).join('\n')}
  </tbody>
</table>
</div>
<p class="note">Working days are Monday to Friday except bank holidays in England and Wales. A median is the middle value: half the outcomes took fewer working days, half took more.</p>
<h2>Download the figures</h2>
<ul class="downloads">
  <li><a href="return.csv?${esc(query)}">All the figures as a spreadsheet (CSV)</a></li>
  <li><a href="return.json?${esc(query)}">All the figures as data (JSON)</a></li>
</ul>
<h2>Apply for a case review</h2>
<p><a href="apply">Apply online for an ASB case review</a>, or contact the Community Safety Team.</p>`;
  return publicPage({ title: `ASB case review figures - ${p.partnershipName}`, banner: p.partnershipName, style: { css: STYLE }, body });
}

/** A page for a refusal (unknown partnership, bad years), in the figures page's frame and style. */
export function renderFiguresMessage(banner: string, title: string, message: string): string {
  return publicPage({ title, banner, style: { css: STYLE }, body: `<h1>${esc(title)}</h1>\n<p>${esc(message)}</p>` });
}

function fourFiguresTable(returns: readonly PeriodReturn[], by: string): string {
  return `<div class="scroll" role="region" aria-labelledby="four-caption" tabindex="0">
<table class="four">
  <caption id="four-caption">ASB case reviews by ${esc(by)}</caption>
  <thead><tr><th scope="col">Year</th>${FOUR_FIGURES.map((f) => `<th scope="col" class="n">${esc(f.heading)}</th>`).join('')}</tr></thead>
  <tbody>
${returns.map((r) => `    <tr><th scope="row">${esc(r.label)}</th>${FOUR_FIGURES.map((f) => `<td class="n">${r[f.key]}</td>`).join('')}</tr>`).join('\n')}
  </tbody>
</table>
</div>`;
}

/** A round top for the value axis (1, 2 or 5 times a power of ten per step, four or five steps) and its step. */
function axisScale(max: number): { top: number; step: number } {
  if (max <= 4) return { top: 4, step: 1 };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  return { top: Math.ceil(max / step) * step, step };
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/**
 * Grouped bars, one group per year, one bar per figure, drawn to the value axis on
 * the left (gridlines at each step); each bar's height is its value in the table.
 * Bars stand apart (2 px of white) so each meets the 3:1 contrast against white
 * alone; the legend names the colours, and the table beside it holds the numbers.
 */
function barChart(returns: readonly PeriodReturn[], by: string): string {
  const bar = 22;
  const gap = 2;
  const groupGap = 28;
  const group = FOUR_FIGURES.length * (bar + gap) - gap + groupGap;
  const left = 48;
  const top = FOUR_FIGURES.length * 24 + 24;
  const plot = 240;
  const baseline = top + plot;
  const width = Math.max(480, left + returns.length * group + 10);
  const height = baseline + 44;
  const max = Math.max(0, ...returns.flatMap((r) => FOUR_FIGURES.map((f) => r[f.key])));
  const { top: axisTop, step } = axisScale(max);
  const y = (value: number) => baseline - (value / axisTop) * plot;
  const ticks = Array.from({ length: axisTop / step + 1 }, (_, i) => i * step);
  const legend = FOUR_FIGURES.map((f, i) => {
    const yy = 4 + i * 24;
    return `<g class="legend"><rect x="${left}" y="${yy}" width="16" height="16" fill="${f.colour}"/><text x="${left + 24}" y="${yy + 13}" font-size="15" fill="#0b0c0c">${esc(f.heading)}</text></g>`;
  }).join('\n  ');
  const axis = ticks
    .map(
      (t) =>
        `<g class="tick" data-value="${t}"><line x1="${left}" x2="${width - 10}" y1="${fmt(y(t))}" y2="${fmt(y(t))}" stroke="${t === 0 ? '#0b0c0c' : '#b1b4b6'}" stroke-width="1"/>` +
        `<text x="${left - 8}" y="${fmt(y(t) + 5)}" font-size="14" text-anchor="end" fill="#0b0c0c">${t}</text></g>`,
    )
    .join('\n  ');
  const bars = returns
    .map((r, i) => {
      const x0 = left + groupGap / 2 + i * group;
      const rects = FOUR_FIGURES.map((f, j) => {
        const value = r[f.key];
        const x = x0 + j * (bar + gap);
        return (
          `<rect class="bar" data-period="${esc(r.label)}" data-figure="${f.key}" x="${x}" y="${fmt(y(value))}" width="${bar}" height="${fmt(baseline - y(value))}" fill="${f.colour}"><title>${esc(`${r.label}, ${f.heading.toLowerCase()}: ${value}`)}</title></rect>` +
          `<text x="${x + bar / 2}" y="${fmt(y(value) - 5)}" font-size="13" text-anchor="middle" fill="#0b0c0c">${value}</text>`
        );
      }).join('');
      const centre = x0 + (FOUR_FIGURES.length * (bar + gap) - gap) / 2;
      return `<g class="year">${rects}<text class="year" x="${centre}" y="${baseline + 22}" font-size="14" text-anchor="middle" fill="#0b0c0c">${esc(r.label)}</text></g>`;
    })
    .join('\n  ');
  return `<svg role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
  <title id="chart-title">Bar chart: ASB case reviews by ${esc(by)}</title>
  <desc id="chart-desc">For each year, four bars: ${FOUR_FIGURES.map((f) => f.heading.toLowerCase()).join(', ')}. The table beside the chart gives the same figures.</desc>
  ${legend}
  ${axis}
  ${bars}
</svg>`;
}
