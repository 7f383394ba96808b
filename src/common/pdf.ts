import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';

/*
 * The hub's PDFs (letters, the panel pack, the subject access export) are pdfkit documents set
 * on A4, tagged, in English, with their title shown, for screen readers. DejaVu
 * Sans (embedded, subset by pdfkit) writes every name a person may have, not
 * only the Latin-1 letters of the PDF standard fonts.
 */

const FONTS = {
  regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
  bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
};

export type PdfInfo = { Title: string; Author: string; Subject: string };

/** A new A4 document with the fonts 'regular' and 'bold', and the whole file once it has ended. */
export function taggedPdf(info: PdfInfo, margin: number): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    lang: 'en-GB',
    tagged: true,
    displayTitle: true,
    pdfVersion: '1.7',
    info: { ...info, Creator: 'ASB Case Review Hub' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  return { doc, done };
}
