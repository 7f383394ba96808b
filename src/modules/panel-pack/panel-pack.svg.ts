import escapeHtml from 'escape-html';
import type { Timeline } from './panel-pack.timeline';

/** Colours with at least 3:1 contrast on white (WCAG 2.2, 1.4.11), and print in greyscale as distinct shades. */
export const TIMELINE_COLOURS = { ink: '#0b0c0c', mark: '#1d4f91', window: '#fbe7b5', windowEdge: '#8a6d00', application: '#b3261e', grid: '#6f777b' };

/**
 * The timeline as inline SVG: a row per agency, a circle per incident (filled
 * when its details are visible to the reader, hollow when redacted), the six
 * months before the application shaded, the application date as a red line,
 * and a legend. Each mark carries a <title> (its date, category and agency) and
 * `data-incident`, the incident's id.
 */
export function timelineSvg(t: Timeline, titleId: string): string {
  const c = TIMELINE_COLOURS;
  const p = t.plot;
  const axisY = p.bottom + 12;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${t.width} ${t.height}" width="100%" role="img" aria-labelledby="${titleId} ${titleId}-desc" class="timeline">`,
    `<title id="${titleId}">Timeline of incidents by agency</title>`,
    `<desc id="${titleId}-desc">${escapeHtml(t.summary)}</desc>`,
    `<rect class="window" x="${t.window.x1}" y="${p.top - 18}" width="${Math.max(0, t.window.x2 - t.window.x1)}" height="${p.bottom - p.top + 18}" fill="${c.window}" stroke="${c.windowEdge}" stroke-dasharray="4 3"/>`,
  );
  for (const row of t.rows) {
    parts.push(
      `<line x1="${p.left}" y1="${row.y}" x2="${p.right}" y2="${row.y}" stroke="${c.grid}" stroke-width="0.6"/>`,
      `<text x="${p.left - 10}" y="${row.y + 5}" text-anchor="end" font-size="14" fill="${c.ink}">${escapeHtml(row.label)}</text>`,
    );
  }
  if (t.rows.length === 0) parts.push(`<text x="${(p.left + p.right) / 2}" y="${(p.top + p.bottom) / 2 + 5}" text-anchor="middle" font-size="14" fill="${c.ink}">No incident records are linked to this case.</text>`);
  parts.push(`<line x1="${p.left}" y1="${axisY}" x2="${p.right}" y2="${axisY}" stroke="${c.ink}" stroke-width="1.2"/>`);
  for (const tick of t.ticks) {
    parts.push(
      `<line x1="${tick.x}" y1="${axisY}" x2="${tick.x}" y2="${axisY + 6}" stroke="${c.ink}"/>`,
      `<text x="${tick.x}" y="${axisY + 22}" text-anchor="middle" font-size="12" fill="${c.ink}">${tick.label}</text>`,
    );
  }
  parts.push(
    `<line class="application" x1="${t.application.x}" y1="${p.top - 24}" x2="${t.application.x}" y2="${axisY}" stroke="${c.application}" stroke-width="2.5"/>`,
    `<text x="${t.application.x}" y="${p.top - 28}" text-anchor="end" font-size="13" font-weight="bold" fill="${c.application}">Application ${t.application.on}</text>`,
  );
  for (const m of t.marks) {
    const fill = m.redacted ? '#ffffff' : c.mark;
    parts.push(
      `<circle class="mark" data-incident="${escapeHtml(m.incidentId)}" cx="${m.x}" cy="${m.y}" r="${m.r}" fill="${fill}" stroke="${c.mark}" stroke-width="2"><title>${escapeHtml(m.label)}</title></circle>`,
    );
  }
  const ly = t.legendY;
  parts.push(
    `<g class="legend" font-size="13" fill="${c.ink}">`,
    `<circle cx="${p.left + 6}" cy="${ly}" r="6" fill="${c.mark}" stroke="${c.mark}" stroke-width="2"/><text x="${p.left + 18}" y="${ly + 5}">Incident</text>`,
    `<circle cx="${p.left + 106}" cy="${ly}" r="6" fill="#ffffff" stroke="${c.mark}" stroke-width="2"/><text x="${p.left + 118}" y="${ly + 5}">Incident, details redacted</text>`,
    `<rect x="${p.left + 300}" y="${ly - 8}" width="26" height="16" fill="${c.window}" stroke="${c.windowEdge}" stroke-dasharray="4 3"/><text x="${p.left + 334}" y="${ly + 5}">Six months before the application</text>`,
    `<line x1="${p.left + 572}" y1="${ly - 9}" x2="${p.left + 572}" y2="${ly + 9}" stroke="${c.application}" stroke-width="2.5"/><text x="${p.left + 582}" y="${ly + 5}">Application received</text>`,
    `</g>`,
    `</svg>`,
  );
  return parts.join('\n');
}
