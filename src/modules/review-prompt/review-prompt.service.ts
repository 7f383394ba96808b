import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { CommonErrors } from '../../common/errors';
import { checkId } from '../../common/ids';
import type { RequestDb } from '../../database/request-db';
import type { Channel } from '../case-review/case-review.enums';
import { IncidentRecord } from '../incident/incident.entity';
import { ReviewPromptKind } from './review-prompt-kind';
import { ReviewPromptRecord } from './review-prompt.entity';
import type { ReviewPromptLoaders } from './review-prompt.loaders';
import { ReviewPromptErrors } from './review-prompt.errors';
import { ReviewPromptPolicy } from './review-prompt.policy';
import { promptView, type ReviewPrompt } from './review-prompt.types';

/** The most prompts one reviewPrompts answer lists (newest first). */
export const MAX_PROMPTS_LISTED = 500;

type PromptRow = {
  id: string;
  partnership_id: string;
  agency_id: string;
  incident_id: string;
  person_id: string;
  kind: ReviewPromptKind;
  created_at: Date;
  explained_at: Date | null;
  explained_by_id: string | null;
  explained_channel: Channel | null;
};

/** Prompts to explain the case review at a repeat report (DOMAIN.md, "Telling victims at a repeat report"). */
export class ReviewPromptService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { reviewPrompts: ReviewPromptLoaders },
  ) {}

  /**
   * Raises the prompts a batch of the caller's incidents calls for, in the
   * intake's transaction: one call of hub_review_prompt_matches for the whole
   * batch (the matching reads other agencies' records, so only the database
   * does it and only a kind comes back) and one insert. Per person and
   * partnership the strongest kind and the latest report are named; a person
   * with an open prompt gets none. Creating a prompt is a WRITE entry; the
   * matching discloses nothing, so it writes no READ.
   */
  async raise(manager: EntityManager, incidentIds: readonly string[]): Promise<ReviewPrompt[]> {
    if (incidentIds.length === 0) return [];
    const rows: PromptRow[] = await manager.query(
      `INSERT INTO review_prompt (partnership_id, agency_id, incident_id, person_id, kind)
       SELECT DISTINCT ON (m.partnership_id, i.reporter_id) m.partnership_id, i.agency_id, m.incident_id, i.reporter_id, m.kind::review_prompt_kind
         FROM hub_review_prompt_matches($1::uuid[]) m JOIN incident i ON i.id = m.incident_id
        ORDER BY m.partnership_id, i.reporter_id, (m.kind = 'THRESHOLD_LIKELY') DESC, i.reported_at DESC, i.id
       ON CONFLICT (partnership_id, person_id) WHERE explained_at IS NULL DO NOTHING
       RETURNING *`,
      [incidentIds],
    );
    const records = rows.map(recordOf);
    for (const record of records) {
      this.db.accessLog.write('ReviewPrompt', record.id, null, ReviewPromptPolicy.RAISE_BASIS);
      this.loaders.reviewPrompts.byId.prime(record.id, record);
    }
    // Input order of their incidents, so a batch's answer does not depend on the plan.
    const order = new Map(incidentIds.map((id, i) => [id, i]));
    records.sort((a, b) => (order.get(a.incidentId) ?? 0) - (order.get(b.incidentId) ?? 0) || a.partnershipId.localeCompare(b.partnershipId));
    return records.map(promptView);
  }

  /** The caller's agency's prompts, open ones only unless `open` is false; newest first, at most MAX_PROMPTS_LISTED. */
  async list(actor: Actor, open: boolean): Promise<ReviewPrompt[]> {
    if (!ReviewPromptPolicy.mayHandle(actor)) throw CommonErrors.FORBIDDEN();
    const manager = await this.db.manager();
    const q = manager
      .createQueryBuilder(ReviewPromptRecord, 'p')
      // Prompts of one batch share created_at: their incidents order them (never the random ids).
      .innerJoin(IncidentRecord, 'i', 'i.id = p.incident_id')
      .where('p.agency_id = :agencyId', { agencyId: actor.agencyId })
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('i.reported_at', 'DESC')
      .addOrderBy('i.reference', 'ASC')
      .addOrderBy('p.partnership_id', 'ASC')
      .limit(MAX_PROMPTS_LISTED);
    if (open) q.andWhere('p.explained_at IS NULL');
    const records = await q.getMany();
    for (const r of records) this.loaders.reviewPrompts.byId.prime(r.id, r);
    return records.map(promptView);
  }

  /** Closes a prompt: the victim was told, by `channel`, at `explainedAt` (default now). */
  async markExplained(actor: Actor, promptIdArg: string, channel: Channel, explainedAtArg?: Date | null, now = new Date()): Promise<ReviewPrompt> {
    const promptId = checkId(promptIdArg, 'promptId');
    const explainedAt = explainedAtArg ?? now;
    if (explainedAt > now) throw ReviewPromptErrors.IN_FUTURE('explainedAt');
    const record = await this.db.transaction(async (manager) => {
      const found = await manager.findOne(ReviewPromptRecord, { where: { id: promptId }, lock: { mode: 'pessimistic_write' } });
      if (!found || !ReviewPromptPolicy.sees(actor, found)) throw ReviewPromptErrors.NOT_FOUND('promptId');
      if (found.explainedAt) throw ReviewPromptErrors.ALREADY_EXPLAINED('promptId');
      if (explainedAt < found.createdAt) throw ReviewPromptErrors.BEFORE_PROMPT('explainedAt');
      const patch = { explainedAt, explainedById: actor.userId, explainedChannel: channel };
      await manager.update(ReviewPromptRecord, { id: found.id }, patch);
      Object.assign(found, patch);
      this.db.accessLog.write('ReviewPrompt', found.id, null, ReviewPromptPolicy.HANDLE_BASIS);
      return found;
    });
    this.loaders.reviewPrompts.byId.clear(record.id).prime(record.id, record);
    return promptView(record);
  }
}

function recordOf(row: PromptRow): ReviewPromptRecord {
  return Object.assign(new ReviewPromptRecord(), {
    id: row.id,
    partnershipId: row.partnership_id,
    agencyId: row.agency_id,
    incidentId: row.incident_id,
    personId: row.person_id,
    kind: row.kind,
    createdAt: row.created_at,
    explainedAt: row.explained_at,
    explainedById: row.explained_by_id,
    explainedChannel: row.explained_channel,
  });
}
