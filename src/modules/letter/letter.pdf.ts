import { taggedPdf } from '../../common/pdf';
import type { LetterDocument } from './letter.document';

/*
 * The letter as a PDF (pdfkit, src/common/pdf.ts): the same parts as its text,
 * in the same order, set out as a letter on A4.
 */
const MARGIN = 64;
const INK = '#1a1a1a';
const MUTED = '#4a4a4a';

export function letterPdf(letter: LetterDocument): Promise<Buffer> {
  // No personal data in the metadata: what it is, the case reference and the partnership.
  const { doc, done } = taggedPdf({ Title: `${letter.title} (${letter.reference})`, Author: letter.partnershipName, Subject: 'ASB case review letter' }, MARGIN);
  const root = doc.struct('Document');
  doc.addStructure(root);
  const block = (type: 'H1' | 'P', font: 'regular' | 'bold', size: number, colour: string, lines: string[], after = 0.8) => {
    root.add(
      doc.struct(type, {}, () => {
        doc.font(font).fontSize(size).fillColor(colour);
        for (const line of lines) doc.text(line, { lineGap: 2 });
      }),
    );
    doc.moveDown(after);
  };

  block('H1', 'bold', 15, INK, [letter.partnershipName], 0.1);
  block('P', 'regular', 10, MUTED, letter.letterhead, 1.2);
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(doc.page.width - MARGIN, doc.y)
    .lineWidth(0.6)
    .strokeColor('#8a8a8a')
    .stroke();
  doc.moveDown(1);
  block('P', 'regular', 11, INK, [letter.date, `Our reference: ${letter.reference}`], 1);
  if (letter.recipient.length > 0) block('P', 'regular', 11, INK, letter.recipient, 1.2);
  block('P', 'regular', 11, INK, [letter.salutation]);
  block('P', 'bold', 12, INK, [letter.title]);
  for (const paragraph of letter.body.split(/\n{2,}/)) block('P', 'regular', 11, INK, paragraph.split('\n'), 0.7);
  doc.moveDown(0.4);
  block('P', 'regular', 11, INK, ['Yours sincerely,'], 1.6);
  block('P', 'regular', 11, INK, letter.closing, 0);
  doc.end();
  return done;
}
