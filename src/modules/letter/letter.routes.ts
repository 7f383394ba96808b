import type { DocumentRoute } from '../../http/documents';
import { LetterKind } from './letter-kind';
import { LetterErrors } from './letter.errors';
import { letterPdf } from './letter.pdf';

/**
 * A case's letter as PDF, for the caller's token (Letter.pdfPath): drafted by
 * the same calls as CaseReview.letter, so it is refused where the field is and
 * writes the same access-log entries.
 */
export const LETTER_ROUTES: DocumentRoute[] = [
  {
    path: '/cases/:caseId/letters/:kind.pdf',
    async render({ actor, ctx, params }) {
      const view = await ctx.services.caseViews.get(actor, params.caseId, 'caseId');
      const kind = Object.values(LetterKind).find((k) => k === params.kind);
      if (!kind) throw LetterErrors.BAD_KIND('kind');
      const letter = await ctx.services.letters.draft(actor, view, kind);
      return { contentType: 'application/pdf', body: await letterPdf(letter.document), filename: `${letter.document.reference}-${kind.toLowerCase()}.pdf` };
    },
  },
];
