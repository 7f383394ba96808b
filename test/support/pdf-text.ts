import { spawn } from 'node:child_process';
import path from 'node:path';

/*
 * The text of PDFs, read back by pdf-parse (Mozilla's pdf.js). pdf.js loads its
 * worker with a dynamic import, which jest's CommonJS runtime cannot do, so the
 * reading runs in a plain node process: every PDF of a call in one process.
 */
const ROOT = path.join(__dirname, '..', '..');
const READER = `
import { PDFParse } from 'pdf-parse';
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const texts = [];
for (const base64 of JSON.parse(Buffer.concat(chunks).toString())) {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.from(base64, 'base64')) });
  const result = await parser.getText();
  texts.push({ text: result.text, pages: result.total });
  await parser.destroy();
}
process.stdout.write(JSON.stringify(texts));
`;

export type PdfText = { text: string; pages: number };

export async function pdfTexts(pdfs: readonly Buffer[]): Promise<PdfText[]> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', READER], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.stdin.end(JSON.stringify(pdfs.map((p) => p.toString('base64'))));
  const code = await exited;
  if (code !== 0) throw new Error(`reading the PDFs failed: ${Buffer.concat(err).toString()}`);
  return JSON.parse(Buffer.concat(out).toString()) as PdfText[];
}

/** Text as words: pdf.js's page markers ("-- 1 of 2 --") dropped, every run of white space one space. */
export function words(text: string): string {
  return text.replace(/^-- \d+ of \d+ --$/gm, ' ').replace(/\s+/g, ' ').trim();
}
