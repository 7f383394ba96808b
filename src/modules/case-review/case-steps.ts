import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { checkId } from '../../common/ids';
import type { RequestDb } from '../../database/request-db';
import type { RecordedBasis } from '../access-log/lawful-basis';
import { CaseEventRecord } from './case-event.entity';
import { CaseReviewRecord } from './case-review.entity';
import type { CaseStatus } from './case-review.enums';
import { CaseReviewErrors } from './case-review.errors';
import type { CaseReviewLoaders } from './case-review.loaders';
import { CaseReviewPolicy } from './case-review.policy';

/*
 * The case step engine: the one way anything changes a case review. The case
 * workflow (case-review.service.ts) and the modules whose work moves a case on
 * (panel, recommendation, information-request) receive it through their
 * constructors; it needs nothing of theirs.
 */

const MAX_TEXT = 5000;

/** What a case step needs: where it may start, its event, and who may take it. */
export type StepSpec = {
  allowed: readonly CaseStatus[];
  event: string;
  expectedVersion?: number | null;
  /**
   * Throws NOT_FOUND or FORBIDDEN, else answers the basis of the step's writes;
   * defaults to "the partnership's CST" (CaseReviewPolicy.authorize).
   */
  authorize?: (actor: Actor, record: CaseReviewRecord, manager: EntityManager) => Promise<RecordedBasis>;
};

/** What a step did: the fields it changes, a note for its event, or nothing at all. */
export type StepOutcome<T> = { result: T; patch?: Partial<CaseReviewRecord>; note?: string | null; unchanged?: boolean };

/** Steps on a case, each locked, authorised, versioned and recorded as an event, in the request's transaction. */
export class CaseSteps {
  constructor(
    private readonly db: RequestDb,
    private readonly cases: Pick<CaseReviewLoaders, 'byId' | 'events'>,
  ) {}

  /**
   * One step on a case, in a savepoint: the case row is locked, the caller
   * authorised (NOT_FOUND when they may not know the case), the version and
   * status checked, then the step's changes, version + 1 and its event are
   * written together, or nothing at all.
   */
  async step<T>(
    actor: Actor,
    caseIdArg: string,
    spec: StepSpec,
    work: (manager: EntityManager, record: CaseReviewRecord, basis: RecordedBasis) => Promise<StepOutcome<T>>,
  ): Promise<T> {
    const caseId = checkId(caseIdArg, 'caseId');
    return this.db.transaction(async (manager) => {
      const record = await manager.findOne(CaseReviewRecord, { where: { id: caseId }, lock: { mode: 'pessimistic_write' } });
      if (!record) throw CaseReviewErrors.NOT_FOUND('caseId');
      const basis = spec.authorize ? await spec.authorize(actor, record, manager) : CaseReviewPolicy.authorize(actor, 'manage', record);
      if (spec.expectedVersion !== undefined && spec.expectedVersion !== null && spec.expectedVersion !== record.version) {
        throw CaseReviewErrors.VERSION_MISMATCH('expectedVersion');
      }
      if (!spec.allowed.includes(record.status)) throw CaseReviewErrors.INVALID_STATE('caseId', `The case is ${record.status}: this step is not allowed now`);
      const outcome = await work(manager, record, basis);
      if (!outcome.unchanged) await this.recordChange(manager, record, actor.userId, spec.event, outcome.note ?? null, outcome.patch ?? {}, basis);
      return outcome.result;
    });
  }

  /** Applies a change to a locked case row: its fields, version + 1, and the event, in the caller's transaction; `basis` is the WRITE entry's. */
  async recordChange(
    manager: EntityManager,
    record: CaseReviewRecord,
    actorId: string,
    event: string,
    note: string | null,
    patch: Partial<CaseReviewRecord>,
    basis: RecordedBasis,
  ): Promise<void> {
    const changes = { ...patch, version: record.version + 1 };
    await manager.update(CaseReviewRecord, { id: record.id }, changes);
    await manager.insert(CaseEventRecord, { caseId: record.id, type: event, actorId, note });
    Object.assign(record, changes);
    this.db.accessLog.write('CaseReview', record.id, record.id, basis);
    this.cases.byId.clear(record.id).prime(record.id, record);
    this.cases.events.clear(record.id);
  }

  /**
   * Locks a case for a step taken by an addressed agency (whose right was
   * checked on the request or recommendation itself), in one of `allowed`.
   */
  async lockCaseFor(manager: EntityManager, caseId: string, allowed: readonly CaseStatus[]): Promise<CaseReviewRecord> {
    const record = await manager.findOne(CaseReviewRecord, { where: { id: caseId }, lock: { mode: 'pessimistic_write' } });
    if (!record) throw CaseReviewErrors.NOT_FOUND('caseId');
    if (!allowed.includes(record.status)) throw CaseReviewErrors.INVALID_STATE('caseId', `The case is ${record.status}`);
    return record;
  }
}

/** Free text a step records that must say something: trimmed, not blank, not over the limit. */
export function caseText(value: string, field: string, max = MAX_TEXT): string {
  const trimmed = value.trim();
  if (!trimmed) throw CaseReviewErrors.BLANK(field);
  if (trimmed.length > max) throw CaseReviewErrors.TOO_LONG(field, `At most ${max} characters`);
  return trimmed;
}
