import type { Actor } from '../../common/actor';
import { londonToday } from '../../common/clock';
import { checkId } from '../../common/ids';
import type { RequestDb } from '../../database/request-db';
import { CaseReviewRecord } from '../case-review/case-review.entity';
import { CaseStatus } from '../case-review/case-review.enums';
import type { CaseReviewLoaders } from '../case-review/case-review.loaders';
import { CaseReviewPolicy } from '../case-review/case-review.policy';
import { caseView, type CaseReview } from '../case-review/case-review.types';
import type { ContactLoaders } from '../contact/contact.loaders';
import type { InvolvementLoaders } from '../involvement/involvement.loaders';
import type { VictimInvolvement } from '../involvement/involvement.types';
import type { PanelLoaders } from '../panel/panel.loaders';
import type { PartnershipLoaders } from '../partnership/partnership.loaders';
import { timescalesOf } from '../partnership/timescales';
import type { MilestoneStatus, UpdateDue } from './milestone.types';
import { caseMilestones, updateDue, type MilestoneFacts } from './milestones';

/** Most cases overdueCases answers (the longest overdue first). */
export const MAX_OVERDUE_CASES = 200;

/** The loaders milestones are worked out from (a request's, or the reminder job's). */
export type MilestoneLoaders = {
  cases: Pick<CaseReviewLoaders, 'byId' | 'events'>;
  partnerships: Pick<PartnershipLoaders, 'byId'>;
  panels: Pick<PanelLoaders, 'roundsByCase'>;
  contacts: ContactLoaders;
  involvement: InvolvementLoaders;
};

/**
 * Another reason a case is overdue for the CST's day (a late reassessment, ...):
 * the partnership's cases it holds overdue, each with the date it fell due.
 * The composition root hands them in; milestones and updates are this module's own.
 */
export type OverdueSource = (partnershipId: string, today: string) => Promise<{ caseId: string; dueOn: string }[]>;

/** Each case's milestones and updates due, for one case and for the CST's list of overdue cases. */
export class MilestoneService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: MilestoneLoaders,
    private readonly otherOverdue: readonly OverdueSource[] = [],
  ) {}

  /** The case's milestones; empty for those who see only part of a case. */
  async forCase(view: CaseReview, today = londonToday()): Promise<MilestoneStatus[]> {
    if (view.access !== 'full') return [];
    return caseMilestones(await milestoneFacts(this.loaders, view.record), today);
  }

  /** When the next update the victim asked for is due (for VictimInvolvement.nextUpdateDueOn). */
  async updateFor(involvement: VictimInvolvement, today = londonToday()): Promise<UpdateDue | null> {
    const record = await this.loaders.cases.byId.load(involvement.record.caseId);
    if (!record) return null;
    return updateDue({ record, contacts: await this.loaders.contacts.byCase.load(record.id) }, involvement.updateEveryDays, today);
  }

  /**
   * The partnership's open cases with a milestone or an update overdue (and
   * those another source holds overdue), longest overdue first. Its CST only:
   * anyone else answers NOT_FOUND, as for a partnership that does not exist.
   */
  async overdueCases(actor: Actor, partnershipIdArg: string, today = londonToday()): Promise<CaseReview[]> {
    const partnershipId = checkId(partnershipIdArg, 'partnershipId');
    CaseReviewPolicy.authorize(actor, 'manage', { partnershipId }, 'partnershipId');
    const open = await (await this.db.manager())
      .createQueryBuilder(CaseReviewRecord, 'c')
      .where('c.partnership_id = :partnershipId', { partnershipId })
      .andWhere('c.status NOT IN (:...ended)', { ended: [CaseStatus.CLOSED, CaseStatus.WITHDRAWN] })
      .getMany();
    for (const r of open) this.loaders.cases.byId.prime(r.id, r);
    const since = new Map<string, string>();
    const note = (caseId: string, dueOn: string) => {
      const known = since.get(caseId);
      if (!known || dueOn < known) since.set(caseId, dueOn);
    };
    await Promise.all(
      open.map(async (record) => {
        const overdue = await overdueOf(this.loaders, record, today);
        if (overdue) note(record.id, overdue);
      }),
    );
    for (const source of this.otherOverdue) for (const { caseId, dueOn } of await source(partnershipId, today)) note(caseId, dueOn);
    const records = await this.loaders.cases.byId.loadMany([...since.keys()]);
    return records
      .filter((r): r is CaseReviewRecord => r instanceof CaseReviewRecord && r.partnershipId === partnershipId)
      .sort((a, b) => since.get(a.id)!.localeCompare(since.get(b.id)!) || a.reference.localeCompare(b.reference))
      .slice(0, MAX_OVERDUE_CASES)
      .map((r) => caseView(r, 'full', actor.agencyId));
  }
}

/** Reads what a case's milestones are worked out from, through the loaders (a list of cases costs a handful of statements). */
export async function milestoneFacts(loaders: MilestoneLoaders, record: CaseReviewRecord): Promise<MilestoneFacts> {
  const [partnership, events, panels, contacts] = await Promise.all([
    loaders.partnerships.byId.load(record.partnershipId),
    loaders.cases.events.load(record.id),
    loaders.panels.roundsByCase.load(record.id),
    loaders.contacts.byCase.load(record.id),
  ]);
  if (!partnership) throw new Error(`case ${record.id} has no partnership`);
  return { record, timescales: timescalesOf(partnership), events, panels, contacts };
}

/** The earliest date a case has been overdue since (a milestone or an update), or null when nothing is. */
export async function overdueOf(loaders: MilestoneLoaders, record: CaseReviewRecord, today: string): Promise<string | null> {
  const facts = await milestoneFacts(loaders, record);
  const involvement = await loaders.involvement.byCase.load(record.id);
  const dates = [
    ...caseMilestones(facts, today).filter((m) => m.overdue).map((m) => m.dueOn),
    ...[updateDue(facts, involvement?.updateEveryDays ?? null, today)].flatMap((u) => (u?.overdue ? [u.dueOn] : [])),
  ].sort();
  return dates[0] ?? null;
}
