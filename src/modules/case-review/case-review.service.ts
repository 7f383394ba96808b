import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { londonToday } from '../../common/clock';
import { checkId, checkIds } from '../../common/ids';
import { londonDate } from '../../common/working-days';
import type { RequestDb } from '../../database/request-db';
import type { RecordedBasis } from '../access-log/lawful-basis';
import type { PartnershipLoaders } from '../partnership/partnership.loaders';
import type { PersonService } from '../person/person.service';
import { CaseEventRecord } from './case-event.entity';
import { CaseReviewRecord } from './case-review.entity';
import { CaseStatus } from './case-review.enums';
import { CaseReviewErrors } from './case-review.errors';
import type { ApplicationInput } from './case-review.inputs';
import type { CaseReviewLoaders } from './case-review.loaders';
import { ALLOWED_FROM, CaseReviewPolicy } from './case-review.policy';
import { caseView, MAX_CASE_INCIDENTS, type CaseReview } from './case-review.types';
import type { CaseReviewViews } from './case-review.views';
import { CONSENT_LOG_ENTITY, recordWithdrawal, withdrewBefore } from './consent';
import { caseText, type CaseSteps, type StepOutcome, type StepSpec } from './case-steps';

const MAX_LINK = 500;
/** Commencement of ss.104-105 of the Anti-social Behaviour, Crime and Policing Act 2014 (a Europe/London date). */
export const CASE_REVIEW_COMMENCEMENT = '2014-10-20';

/**
 * The case review from application to closure: the CST's steps, each checked,
 * versioned and recorded as an event through the step engine (case-steps.ts).
 * Reading a case is CaseReviewViews' (case-review.views.ts).
 */
export class CaseReviewService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { cases: CaseReviewLoaders; partnerships: PartnershipLoaders },
    private readonly steps: CaseSteps,
    private readonly views: CaseReviewViews,
    private readonly people: PersonService,
  ) {}

  /** Logs an application; the victim's consent is required, and the victim too when someone applies on their behalf. */
  async submit(actor: Actor, input: ApplicationInput, now = new Date()): Promise<CaseReview> {
    const partnershipId = checkId(input.partnershipId, 'input.partnershipId');
    const basis = CaseReviewPolicy.authorize(actor, 'manage', { partnershipId }, 'input.partnershipId');
    const partnership = await this.loaders.partnerships.byId.load(partnershipId);
    if (!partnership) throw CaseReviewErrors.NOT_FOUND('input.partnershipId');
    const receivedAt = input.receivedAt ?? now;
    if (receivedAt > now) throw CaseReviewErrors.IN_FUTURE('input.receivedAt');
    if (londonDate(receivedAt) < CASE_REVIEW_COMMENCEMENT) throw CaseReviewErrors.BEFORE_COMMENCEMENT('input.receivedAt');
    if (input.consentGivenAt > now) throw CaseReviewErrors.CONSENT_AFTER_NOW('input.consentGivenAt');
    if (input.relationship === 'SELF' && input.victim) throw CaseReviewErrors.VICTIM_IS_APPLICANT('input.victim');
    if (input.relationship !== 'SELF' && !input.victim) throw CaseReviewErrors.VICTIM_REQUIRED('input.victim');
    const today = londonToday(now);
    input.reportedIncidents.forEach((r, i) => {
      if (r.occurredOn > today) throw CaseReviewErrors.IN_FUTURE(`input.reportedIncidents.${i}.occurredOn`);
    });
    for (const [field, person] of [['applicant', input.applicant], ['victim', input.victim]] as const) {
      if (person?.dateOfBirth && person.dateOfBirth > today) throw CaseReviewErrors.IN_FUTURE(`input.${field}.dateOfBirth`);
    }
    const year = Number(londonDate(receivedAt).slice(0, 4));

    const record = await this.db.transaction(async (manager) => {
      // The counter row's lock numbers applications gap-free under concurrent submissions;
      // a refused submission rolls its number back with it.
      const [{ last_sequence: sequence }] = await manager.query(
        `INSERT INTO case_reference_counter (partnership_id, year, last_sequence) VALUES ($1, $2, 1)
         ON CONFLICT (partnership_id, year) DO UPDATE SET last_sequence = case_reference_counter.last_sequence + 1
         RETURNING last_sequence`,
        [partnershipId, year],
      );
      // The partnership's lead agency (its CST) holds the applicant's and the victim's records.
      const owner = partnership.leadAgencyId;
      const applicantId = await this.people.create(manager, owner, input.applicant);
      const victimId = input.victim ? await this.people.create(manager, owner, input.victim) : applicantId;
      // Consent the person withdrew before is not re-given by one officer typing a date.
      const awaiting = await withdrewBefore(manager, partnershipId, victimId);
      const saved = await manager.save(
        manager.create(CaseReviewRecord, {
          partnershipId,
          reference: `${partnership.code}-${year}-${String(sequence).padStart(4, '0')}`,
          receivedYear: year,
          sequence,
          status: CaseStatus.RECEIVED,
          receivedAt,
          channel: input.channel,
          applicantId,
          relationship: input.relationship,
          victimId,
          consentGivenAt: input.consentGivenAt,
          consentChannel: input.consentChannel ?? input.channel,
          consentWithdrawnAt: null,
          consentAwaitingConfirmation: awaiting,
          consentConfirmedAt: null,
          consentConfirmedById: null,
          reportedIncidents: input.reportedIncidents.map((r) => ({
            occurredOn: r.occurredOn,
            reportedToName: r.reportedToName ?? null,
            reportedToOrganisation: r.reportedToOrganisation.trim(),
            reportedToReference: r.reportedToReference ?? null,
            details: r.details ?? null,
          })),
        }),
      );
      await manager.insert(CaseEventRecord, { caseId: saved.id, type: 'RECEIVED', actorId: actor.userId, note: `by ${input.channel.toLowerCase().replace('_', ' ')}` });
      this.db.accessLog.write('CaseReview', saved.id, saved.id, basis);
      this.db.accessLog.write(CONSENT_LOG_ENTITY, saved.id, saved.id, basis);
      this.db.accessLog.write('Person', applicantId, saved.id, basis);
      if (victimId !== applicantId) this.db.accessLog.write('Person', victimId, saved.id, basis);
      return saved;
    });
    this.loaders.cases.byId.prime(record.id, record);
    return caseView(record, 'full', actor.agencyId);
  }

  /** Links incident records of the partnership's agencies; already linked ones are left as they are. */
  async link(actor: Actor, caseId: string, incidentIdsArg: readonly string[], expectedVersion?: number | null): Promise<CaseReview> {
    const incidentIds = this.checkIncidentIds(incidentIdsArg);
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.linkIncidents, event: 'INCIDENTS_LINKED', expectedVersion }, async (manager, record) => {
      if (record.consentWithdrawnAt) throw CaseReviewErrors.CONSENT_WITHDRAWN('caseId');
      if (record.consentAwaitingConfirmation) throw CaseReviewErrors.CONSENT_AWAITING_CONFIRMATION('caseId');
      // Checked by the database (the CST may link records it cannot read yet): the victim's own
      // records, those the applicant named, those an agency attached to its answer; anything else
      // answers NOT_FOUND like an id that does not exist.
      const [{ ids: linkable }]: { ids: string[] }[] = await manager.query('SELECT hub_linkable_incident_ids($1, $2::uuid[]) AS ids', [
        record.id,
        incidentIds,
      ]);
      const known = new Set(linkable);
      const missing = incidentIds.findIndex((id) => !known.has(id));
      if (missing >= 0) throw CaseReviewErrors.INCIDENT_NOT_FOUND(`incidentIds.${missing}`);
      const inserted: { incident_id: string }[] = await manager.query(
        `INSERT INTO case_incident (case_id, incident_id, linked_by_id)
         SELECT $1, unnest($2::uuid[]), $3 ON CONFLICT DO NOTHING RETURNING incident_id`,
        [record.id, incidentIds, actor.userId],
      );
      const [{ n }]: { n: number }[] = await manager.query('SELECT count(*)::int AS n FROM case_incident WHERE case_id = $1', [record.id]);
      if (n > MAX_CASE_INCIDENTS) throw CaseReviewErrors.TOO_MANY('incidentIds', `A case links at most ${MAX_CASE_INCIDENTS} incidents`);
      this.loaders.cases.incidentIds.clear(record.id);
      return { result: record, unchanged: inserted.length === 0, note: `${inserted.length} linked` };
    });
  }

  /** Unlinks incidents from the case; an id not linked to it answers NOT_FOUND. */
  async unlink(actor: Actor, caseId: string, incidentIdsArg: readonly string[], expectedVersion?: number | null): Promise<CaseReview> {
    const incidentIds = this.checkIncidentIds(incidentIdsArg);
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.linkIncidents, event: 'INCIDENTS_UNLINKED', expectedVersion }, async (manager, record) => {
      const linked = new Set(await this.loaders.cases.incidentIds.load(record.id));
      const missing = incidentIds.findIndex((id) => !linked.has(id));
      if (missing >= 0) throw CaseReviewErrors.INCIDENT_NOT_FOUND(`incidentIds.${missing}`);
      await manager.query(`DELETE FROM case_incident WHERE case_id = $1 AND incident_id = ANY($2::uuid[])`, [record.id, incidentIds]);
      this.loaders.cases.incidentIds.clear(record.id);
      return { result: record, note: `${incidentIds.length} unlinked` };
    });
  }

  /** Records the CST's decision (met on discretion is allowed); not met needs what will be done instead. */
  async decideThreshold(
    actor: Actor,
    caseId: string,
    args: { met: boolean; reason: string; alternativeAction?: string | null; expectedVersion?: number | null },
    now = new Date(),
  ): Promise<CaseReview> {
    const reason = caseText(args.reason, 'reason');
    const alternativeAction = args.alternativeAction?.trim() ? caseText(args.alternativeAction, 'alternativeAction') : null;
    if (!args.met && !alternativeAction) throw CaseReviewErrors.ALTERNATIVE_ACTION_REQUIRED('alternativeAction');
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.decideThreshold, event: 'THRESHOLD_DECIDED', expectedVersion: args.expectedVersion }, async (_m, record) => ({
      result: record,
      note: `${args.met ? 'met' : 'not met'}: ${reason}`,
      patch: {
        status: args.met ? CaseStatus.IN_REVIEW : CaseStatus.THRESHOLD_NOT_MET,
        thresholdMet: args.met,
        thresholdReason: reason,
        thresholdAlternativeAction: alternativeAction,
        thresholdDecidedAt: now,
        thresholdDecidedById: actor.userId,
      },
    }));
  }

  async notifyDelay(actor: Actor, caseId: string, reasonArg: string, expectedVersion?: number | null): Promise<CaseReview> {
    const reason = caseText(reasonArg, 'reason');
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.open, event: 'DELAY_NOTIFIED', expectedVersion }, async (_m, record) => ({ result: record, note: reason }));
  }

  async markOutcomeSent(actor: Actor, caseId: string, sentAt?: Date | null, expectedVersion?: number | null, now = new Date()): Promise<CaseReview> {
    const at = sentAt ?? now;
    if (at > now) throw CaseReviewErrors.IN_FUTURE('sentAt');
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.markOutcomeSent, event: 'OUTCOME_SENT', expectedVersion }, async (_m, record) => ({
      result: record,
      patch: { status: CaseStatus.OUTCOME_SENT, outcomeSentAt: at },
      note: at.toISOString(),
    }));
  }

  async requestSecondaryReview(
    actor: Actor,
    caseId: string,
    reasonArg: string,
    requestedAt?: Date | null,
    expectedVersion?: number | null,
    now = new Date(),
  ): Promise<CaseReview> {
    const reason = caseText(reasonArg, 'reason');
    const at = requestedAt ?? now;
    if (at > now) throw CaseReviewErrors.IN_FUTURE('requestedAt');
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.requestSecondaryReview, event: 'SECONDARY_REVIEW_REQUESTED', expectedVersion }, async (_m, record) => {
      if (record.secondaryReviewRequestedAt) throw CaseReviewErrors.SECONDARY_ALREADY_REQUESTED('caseId');
      return { result: record, note: reason, patch: { status: CaseStatus.SECONDARY_REVIEW, secondaryReviewRequestedAt: at, secondaryReviewReason: reason } };
    });
  }

  async close(actor: Actor, caseId: string, reasonArg: string, expectedVersion?: number | null): Promise<CaseReview> {
    const reason = caseText(reasonArg, 'reason');
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.closeCase, event: 'CLOSED', expectedVersion }, async (_m, record) => ({
      result: record,
      note: reason,
      patch: { status: CaseStatus.CLOSED },
    }));
  }

  async withdraw(actor: Actor, caseId: string, reasonArg: string, expectedVersion?: number | null): Promise<CaseReview> {
    const reason = caseText(reasonArg, 'reason');
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.withdrawApplication, event: 'WITHDRAWN', expectedVersion }, async (_m, record) => ({
      result: record,
      note: reason,
      patch: { status: CaseStatus.WITHDRAWN },
    }));
  }

  /** From this moment other agencies' personal data on the case is redacted; the status does not change. */
  async withdrawConsent(actor: Actor, caseId: string, withdrawnAt?: Date | null, expectedVersion?: number | null, now = new Date()): Promise<CaseReview> {
    const at = withdrawnAt ?? now;
    if (at > now) throw CaseReviewErrors.IN_FUTURE('withdrawnAt');
    return this.runStep(actor, caseId, { allowed: ALLOWED_FROM.any, event: 'CONSENT_WITHDRAWN', expectedVersion }, async (manager, record, basis) => {
      if (record.consentWithdrawnAt) throw CaseReviewErrors.CONSENT_ALREADY_WITHDRAWN('caseId');
      if (at < record.consentGivenAt) throw CaseReviewErrors.WITHDRAWN_BEFORE_GIVEN('withdrawnAt');
      // The withdrawal belongs to the person: a later application for them awaits confirmation.
      await recordWithdrawal(manager, record, at, actor.userId);
      this.db.accessLog.write(CONSENT_LOG_ENTITY, record.id, record.id, basis);
      return { result: record, patch: { consentWithdrawnAt: at } };
    });
  }

  /** Runs a case step for the caller and answers the case as they now see it. */
  private async runStep(
    actor: Actor,
    caseId: string,
    spec: StepSpec,
    work: (manager: EntityManager, record: CaseReviewRecord, basis: RecordedBasis) => Promise<StepOutcome<CaseReviewRecord>>,
  ): Promise<CaseReview> {
    const record = await this.steps.step(actor, caseId, spec, work);
    return (await this.views.view(actor, record)) ?? caseView(record, 'full', actor.agencyId);
  }

  private checkIncidentIds(ids: readonly string[]): string[] {
    if (ids.length > MAX_LINK) throw CaseReviewErrors.TOO_MANY('incidentIds', `At most ${MAX_LINK} incidents per call`);
    return [...new Set(checkIds(ids, 'incidentIds'))];
  }
}
