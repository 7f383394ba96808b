import { SUBJECT_ACCESS_ROUTES } from '../modules/data-protection/subject-access.routes';
import { LETTER_ROUTES } from '../modules/letter/letter.routes';
import { PANEL_PACK_ROUTES } from '../modules/panel-pack/panel-pack.routes';
import type { DocumentRoute } from './documents';

/**
 * Every document the hub serves under /documents (see ./documents.ts), one list
 * so the paths in force are read in one place. Each feature exports its own
 * routes from its module folder and adds them here.
 */
export const DOCUMENT_ROUTES: readonly DocumentRoute[] = [...LETTER_ROUTES, ...PANEL_PACK_ROUTES, ...SUBJECT_ACCESS_ROUTES];
