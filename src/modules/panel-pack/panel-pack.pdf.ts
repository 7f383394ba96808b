import { taggedPdf } from '../../common/pdf';
import { londonDate } from '../../common/working-days';
import type { PackContent } from './panel-pack.service';
import { TIMELINE_COLOURS } from './panel-pack.svg';
import { CHRONOLOGY_KIND_LABELS } from './panel-pack.types';
import type { Timeline } from './panel-pack.timeline';

/*
 * The same pack as a PDF, drawn with PDFKit: the case, the timeline (the same
 * geometry as the SVG, drawn as vectors) and the chronology, each section on a
 * new page. DejaVu Sans is embedded (subset) so names in any Latin, Greek or
 * Cyrillic script print as written; PDFKit's built-in fonts cover Latin-1 only
 * (src/common/pdf.ts reads the fonts once per process).
 */

const MARGIN = 50;

export function packPdf(pack: PackContent): Promise<Buffer> {
  const timeline = pack.timeline;
  const v = pack.view;
  // No personal data in the metadata: the reference names the case.
  const { doc, done } = taggedPdf({ Title: `Panel pack ${v.reference}`, Author: pack.partnershipName, Subject: 'ASB case review panel pack' }, MARGIN);
  const width = doc.page.width - 2 * MARGIN;
  const redactedWhy = pack.consentActive ? 'Withheld' : 'Redacted: consent withdrawn';

  // ---------------------------------------------------------------- the case
  doc.font('bold').fontSize(10);
  const markingTop = doc.y;
  doc.text('OFFICIAL-SENSITIVE: personal data shared for an ASB case review. Do not copy or pass on.', MARGIN + 8, markingTop + 6, { width: width - 16 });
  doc.lineWidth(2).rect(MARGIN, markingTop, width, doc.y - markingTop + 6).stroke('#0b0c0c');
  doc.moveDown(1.5);
  doc.x = MARGIN;
  doc.font('bold').fontSize(20).fillColor('#0b0c0c').text(`Panel pack: ${v.reference}`);
  doc.font('regular').fontSize(10).fillColor('#484949').text(`${pack.partnershipName}. Prepared for ${pack.preparedFor.name}${pack.preparedFor.agency ? ` (${pack.preparedFor.agency})` : ''} on ${londonDate(pack.preparedAt)}.`);
  doc.moveDown();
  const risk = pack.latestRisk;
  const details: [string, string][] = [
    ['Reference', v.reference],
    ['Status', v.status],
    ['Application received', londonDate(v.receivedAt)],
    ['Victim', pack.victimName ?? redactedWhy],
    ['Applicant', `${pack.applicantName ?? redactedWhy} (${v.relationship})`],
    ['Consent to share', pack.consentActive ? 'Active' : 'Not active: other agencies\u2019 personal data is redacted'],
    ['Risk', risk ? `${risk.level}, score ${risk.score}, assessed ${londonDate(risk.assessedAt)}${risk.reviewDueOn ? `; reassess by ${risk.reviewDueOn}` : ''}` : 'Not assessed'],
    ['Chronology', `${pack.chronology.length} entries`],
  ];
  for (const [label, value] of details) {
    const y = doc.y;
    doc.font('bold').fontSize(11).fillColor('#0b0c0c').text(label, MARGIN, y, { width: 150 });
    doc.font('regular').text(value, MARGIN + 160, y, { width: width - 160 });
    doc.moveDown(0.3);
  }

  // ---------------------------------------------------------------- the timeline
  doc.addPage();
  doc.font('bold').fontSize(16).fillColor('#0b0c0c').text('Timeline of incidents', MARGIN, MARGIN);
  doc.moveDown(0.5);
  drawTimeline(doc, timeline, MARGIN, doc.y, width);
  doc.font('regular').fontSize(9).fillColor('#484949').text(timeline.summary, MARGIN, doc.y + 8, { width });

  // ---------------------------------------------------------------- the chronology
  doc.addPage();
  doc.font('bold').fontSize(16).fillColor('#0b0c0c').text('Chronology', MARGIN, MARGIN);
  doc.font('regular').fontSize(10).fillColor('#484949').text('Every dated item of the case, oldest first.');
  doc.moveDown(0.5);
  for (const e of pack.chronology) {
    // Keep an entry's heading with its first lines.
    if (doc.y > doc.page.height - MARGIN - 60) doc.addPage();
    const agency = e.agencyId ? pack.agencies.get(e.agencyId)?.name ?? '' : '';
    doc.font('bold').fontSize(9).fillColor('#484949').text(`${londonDate(e.on)}  ·  ${CHRONOLOGY_KIND_LABELS[e.kind]}${agency ? `  ·  ${agency}` : ''}`, MARGIN, doc.y, { width });
    doc.font('bold').fontSize(10).fillColor('#0b0c0c').text(e.title, { width });
    if (e.redacted) doc.font('regular').fillColor('#484949').text(`${redactedWhy}: dates and categories only.`, { width });
    else if (e.text) doc.font('regular').fillColor('#0b0c0c').text(e.text, { width });
    doc.moveDown(0.6);
  }
  doc.end();
  return done;
}

/** The timeline's geometry (panel-pack.timeline.ts) drawn at `left, top`, scaled to `width` points. */
function drawTimeline(doc: PDFKit.PDFDocument, t: Timeline, left: number, top: number, width: number): void {
  const c = TIMELINE_COLOURS;
  const k = width / t.width;
  const X = (x: number) => left + x * k;
  const Y = (y: number) => top + y * k;
  const p = t.plot;
  const axisY = p.bottom + 12;
  doc.save();
  doc.rect(X(t.window.x1), Y(p.top - 18), Math.max(0, (t.window.x2 - t.window.x1) * k), (p.bottom - p.top + 18) * k).fill(c.window);
  doc.rect(X(t.window.x1), Y(p.top - 18), Math.max(0, (t.window.x2 - t.window.x1) * k), (p.bottom - p.top + 18) * k).lineWidth(0.6).dash(3, { space: 2 }).stroke(c.windowEdge);
  doc.undash();
  doc.font('regular').fontSize(8).fillColor(c.ink);
  for (const row of t.rows) {
    doc.moveTo(X(p.left), Y(row.y)).lineTo(X(p.right), Y(row.y)).lineWidth(0.4).stroke(c.grid);
    doc.fillColor(c.ink).text(row.label, X(0), Y(row.y) - 4, { width: (p.left - 10) * k, align: 'right', lineBreak: false, ellipsis: true });
  }
  if (t.rows.length === 0) doc.text('No incident records are linked to this case.', X(p.left), Y((p.top + p.bottom) / 2) - 4, { width: (p.right - p.left) * k, align: 'center' });
  doc.moveTo(X(p.left), Y(axisY)).lineTo(X(p.right), Y(axisY)).lineWidth(0.8).stroke(c.ink);
  for (const tick of t.ticks) {
    doc.moveTo(X(tick.x), Y(axisY)).lineTo(X(tick.x), Y(axisY + 6)).lineWidth(0.6).stroke(c.ink);
    doc.fillColor(c.ink).fontSize(7).text(tick.label, X(tick.x) - 20, Y(axisY + 10), { width: 40, align: 'center', lineBreak: false });
  }
  doc.moveTo(X(t.application.x), Y(p.top - 24)).lineTo(X(t.application.x), Y(axisY)).lineWidth(1.5).stroke(c.application);
  doc.font('bold').fontSize(8).fillColor(c.application).text(`Application ${t.application.on}`, X(t.application.x) - 120, Y(p.top - 24) - 10, { width: 118, align: 'right', lineBreak: false });
  for (const m of t.marks) {
    doc.circle(X(m.x), Y(m.y), m.r * k).lineWidth(1.2);
    if (m.redacted) doc.fillAndStroke('#ffffff', c.mark);
    else doc.fillAndStroke(c.mark, c.mark);
  }
  // The legend in a row, each item as wide as its words in this font (the SVG's spacing is for its own).
  const ly = Y(t.legendY);
  let lx = left;
  doc.font('regular').fontSize(8);
  const item = (draw: (x: number) => void, label: string) => {
    draw(lx);
    doc.fillColor(c.ink).text(label, lx + 12, ly - 4, { lineBreak: false });
    lx += 12 + doc.widthOfString(label) + 14;
  };
  item((x) => doc.circle(x + 4, ly, 6 * k).lineWidth(1.2).fillAndStroke(c.mark, c.mark), 'Incident');
  item((x) => doc.circle(x + 4, ly, 6 * k).lineWidth(1.2).fillAndStroke('#ffffff', c.mark), 'Incident, details redacted');
  item((x) => doc.rect(x - 2, ly - 4, 12, 8).fill(c.window), 'Six months before the application');
  item((x) => doc.moveTo(x + 4, ly - 5).lineTo(x + 4, ly + 5).lineWidth(1.5).stroke(c.application), 'Application received');
  doc.restore();
  doc.x = left;
  doc.y = Y(t.height);
}
