/*
 * A PDF's text, page by page, read back with Mozilla's PDF.js (pdfjs-dist 3, its
 * last CommonJS build: jest runs CommonJS). Tests search it for what a reader
 * may or may not see, as they search JSON and HTML.
 */

type TextItem = { str?: string; hasEOL?: boolean };
type PdfJs = {
  getDocument(source: { data: Uint8Array; verbosity: number; isEvalSupported: boolean }): {
    promise: Promise<{ numPages: number; getPage(n: number): Promise<{ getTextContent(): Promise<{ items: TextItem[] }> }>; destroy(): Promise<void> }>;
  };
};

let pdfjs: PdfJs | null = null;

function load(): PdfJs {
  if (!pdfjs) {
    // Loading warns, once, that it cannot draw without the optional `canvas` package: reading text needs none.
    const log = console.log;
    console.log = () => undefined;
    try {
      pdfjs = require('pdfjs-dist/legacy/build/pdf.js') as PdfJs;
    } finally {
      console.log = log;
    }
  }
  return pdfjs;
}

/** The text of each page, lines joined with newlines. */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const doc = await load().getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const { items } = await (await doc.getPage(n)).getTextContent();
      pages.push(items.map((i) => (i.str ?? '') + (i.hasEOL ? '\n' : '')).join(''));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
