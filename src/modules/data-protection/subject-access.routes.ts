import type { DocumentRoute } from '../../http/documents';
import { subjectAccessDocument } from './subject-access.document';
import { renderSubjectAccessPdf } from './subject-access.pdf';

/** GET /documents/people/:personId/subject-access.pdf (SubjectAccessExport.pdfPath). */
export const SUBJECT_ACCESS_ROUTES: DocumentRoute[] = [
  {
    path: '/people/:personId/subject-access.pdf',
    async render({ actor, ctx, params }) {
      const document = await subjectAccessDocument(ctx, actor, params.personId);
      return { contentType: 'application/pdf', body: await renderSubjectAccessPdf(document), filename: `subject-access-${params.personId}.pdf` };
    },
  },
];
