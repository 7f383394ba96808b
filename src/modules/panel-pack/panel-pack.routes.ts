import type { DocumentRoute } from '../../http/documents';
import { packHtml } from './panel-pack.html';
import { packPdf } from './panel-pack.pdf';

/**
 * The panel pack's documents (PanelPack.htmlPath and pdfPath), served under
 * /documents for the caller's token: built by PanelPackService.content from the
 * same service calls as the GraphQL fields, so they answer NOT_FOUND where
 * caseReview does and write the same access-log entries.
 */
export const PANEL_PACK_ROUTES: readonly DocumentRoute[] = [
  {
    path: '/cases/:caseId/pack.html',
    async render({ actor, ctx, params }) {
      const pack = await ctx.services.panelPacks.content(actor, params.caseId);
      return { contentType: 'text/html; charset=utf-8', body: packHtml(pack), filename: `${pack.view.reference}-panel-pack.html` };
    },
  },
  {
    path: '/cases/:caseId/pack.pdf',
    async render({ actor, ctx, params }) {
      const pack = await ctx.services.panelPacks.content(actor, params.caseId);
      return { contentType: 'application/pdf', body: await packPdf(pack), filename: `${pack.view.reference}-panel-pack.pdf` };
    },
  },
];
