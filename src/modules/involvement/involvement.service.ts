import type { Actor } from '../../common/actor';
import type { RequestDb } from '../../database/request-db';
import type { AccessLogBuffer } from '../access-log/access-log.buffer';
import { ALLOWED_FROM, CaseReviewPolicy } from '../case-review/case-review.policy';
import type { CaseReview } from '../case-review/case-review.types';
import type { CaseReviewViews } from '../case-review/case-review.views';
import { caseText, type CaseSteps } from '../case-review/case-steps';
import { ContactPolicy } from '../contact/contact.policy';
import type { PartnershipLoaders } from '../partnership/partnership.loaders';
import { VictimInvolvementRecord } from './involvement.entity';
import { InvolvementErrors } from './involvement.errors';
import type { InvolvementLoaders } from './involvement.loaders';
import { involvementView, MAX_NOT_INVITED_REASON, MAX_STATEMENT, type VictimInvolvement, type VictimInvolvementInput } from './involvement.types';
import { ATTENDS, PanelAttendance } from './panel-attendance';

/** The victim's involvement in the review: how to reach them, how often to update them, whether and how they take part in the panel. */
export class InvolvementService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { involvement: InvolvementLoaders; partnerships: PartnershipLoaders },
    private readonly steps: CaseSteps,
    private readonly views: CaseReviewViews,
  ) {}

  /** Replaces the case's involvement (an INVOLVEMENT_UPDATED event). Not inviting the victim needs the reason. */
  async set(actor: Actor, caseId: string, input: VictimInvolvementInput, now = new Date()): Promise<CaseReview> {
    const attendance = input.attendance ?? null;
    const reasonGiven = input.notInvitedReason?.trim() ? input.notInvitedReason : null;
    if (attendance === PanelAttendance.NOT_INVITED && !reasonGiven) throw InvolvementErrors.NOT_INVITED_REASON_REQUIRED('involvement.notInvitedReason');
    if (attendance !== PanelAttendance.NOT_INVITED && reasonGiven) throw InvolvementErrors.REASON_ONLY_WHEN_NOT_INVITED('involvement.notInvitedReason');
    const attends = attendance !== null && ATTENDS.includes(attendance);
    if ((attends && !input.wantsToAttendPanel) || (attendance === PanelAttendance.DECLINED && input.wantsToAttendPanel)) {
      throw InvolvementErrors.ATTENDANCE_AGAINST_WISH('involvement.attendance');
    }
    const row = {
      preferredChannel: input.preferredChannel ?? null,
      wantsToAttendPanel: input.wantsToAttendPanel,
      updateEveryDays: input.updateEveryDays ?? null,
      attendance,
      notInvitedReason: reasonGiven ? caseText(reasonGiven, 'involvement.notInvitedReason', MAX_NOT_INVITED_REASON) : null,
      statement: input.statement?.trim() ? caseText(input.statement, 'involvement.statement', MAX_STATEMENT) : null,
      updatedAt: now,
      updatedById: actor.userId,
    };
    const record = await this.steps.step(actor, caseId, { allowed: ALLOWED_FROM.open, event: 'INVOLVEMENT_UPDATED' }, async (manager, c, basis) => {
      await manager.upsert(VictimInvolvementRecord, { caseId: c.id, ...row }, ['caseId']);
      this.db.accessLog.write('VictimInvolvement', c.id, c.id, basis);
      this.loaders.involvement.byCase.clear(c.id);
      return { result: c, note: `attendance: ${attendance ?? 'not decided'}${row.updateEveryDays ? `, updates every ${row.updateEveryDays} days` : ''}` };
    });
    return this.views.viewThrough(actor, record.id);
  }

  /** The involvement, for those who may see the lead agency's records on the case (ContactPolicy). */
  async forCase(view: CaseReview): Promise<VictimInvolvement | null> {
    if (!CaseReviewPolicy.seesHistory(view)) return null;
    const partnership = await this.loaders.partnerships.byId.load(view.record.partnershipId);
    // The victim's own wishes and account: the victim's data.
    const basis = partnership ? ContactPolicy.basis(view, partnership.leadAgencyId, 'victim') : null;
    if (!basis) return null;
    const record = await this.loaders.involvement.byCase.load(view.id);
    return record ? involvementView(record, basis) : null;
  }
}

/** A personal field of the involvement (statement, reason for not inviting): the disclosure goes to the access log with its case. */
export function discloseInvolvement(involvement: VictimInvolvement, field: 'statement' | 'notInvitedReason', accessLog: AccessLogBuffer): string | null {
  const value = involvement.record[field];
  if (value !== null) accessLog.read('VictimInvolvement', involvement.record.caseId, involvement.record.caseId, involvement.basis);
  return value;
}
