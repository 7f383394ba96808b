import { Any } from 'typeorm';
import { byKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { ReviewPromptRecord } from './review-prompt.entity';

/** Per-request loaders for prompts (row-level security leaves only the caller's agency's). */
export function createReviewPromptLoaders(db: RequestDb) {
  return {
    byId: requestLoader<string, ReviewPromptRecord | null>(db, async (ids) => {
      const rows = await (await db.manager()).findBy(ReviewPromptRecord, { id: Any([...ids]) });
      return byKeys(ids, rows, (r) => r.id);
    }),
  };
}

export type ReviewPromptLoaders = ReturnType<typeof createReviewPromptLoaders>;
