import type { DataSource } from 'typeorm';
import { addWorkingDays } from '../../common/working-days';
import { RequestDb } from '../../database/request-db';
import { CaseStatus } from '../case-review/case-review.enums';
import { createCaseReviewLoaders, type CaseReviewLoaders } from '../case-review/case-review.loaders';
import { createContactLoaders } from '../contact/contact.loaders';
import { createIncidentLoaders } from '../incident/incident.loaders';
import { createInformationRequestLoaders, type InformationRequestLoaders } from '../information-request/information-request.loaders';
import { createInvolvementLoaders } from '../involvement/involvement.loaders';
import { milestoneFacts, type MilestoneLoaders } from '../milestone/milestone.service';
import { caseMilestones, updateDue } from '../milestone/milestones';
import { createPanelLoaders } from '../panel/panel.loaders';
import { createPartnershipLoaders } from '../partnership/partnership.loaders';
import { createPersonLoaders } from '../person/person.loaders';
import { createRecommendationLoaders, type RecommendationLoaders } from '../recommendation/recommendation.loaders';
import { Role } from '../user/role';
import type { User } from '../user/user.entity';
import { createUserLoaders, roleKey, type UserLoaders } from '../user/user.loaders';

/** Reminders go out when an item falls due within this many working days, and every day it is overdue. */
export const REMIND_WORKING_DAYS_AHEAD = 2;

export type ReminderItem = 'ACKNOWLEDGEMENT' | 'THRESHOLD_DECISION' | 'PANEL' | 'OUTCOME' | 'SECONDARY_REVIEW_OUTCOME' | 'UPDATE' | 'INFORMATION_REQUEST' | 'RECOMMENDATION';

/** Something someone must do by a date, and who: ids, the case's reference and dates only. */
export type DueItem = { item: ReminderItem; itemId: string; caseId: string; reference: string; dueOn: string; recipients: { id: string; email: string }[] };

const ENDED = [CaseStatus.CLOSED, CaseStatus.WITHDRAWN];

/**
 * What is due within REMIND_WORKING_DAYS_AHEAD working days of `today`, or
 * overdue, across every partnership, with the people who must act: a case's
 * milestones and updates go to its partnership's CST officers; an information
 * request or a recommendation to the responders of the agency it is addressed
 * to. Read as the database owner (the job is the hub's own work, not a user's
 * request), through each module's loaders; the milestones are worked out by the
 * milestone module from the same loaders a request uses.
 */
export async function dueItems(dataSource: DataSource, today: string): Promise<DueItem[]> {
  const horizon = addWorkingDays(today, REMIND_WORKING_DAYS_AHEAD);
  const db = new RequestDb(dataSource);
  try {
    const users = createUserLoaders(db);
    const loaders: ReminderLoaders = {
      cases: createCaseReviewLoaders(db, { incidents: createIncidentLoaders(db), persons: createPersonLoaders(db), users }),
      partnerships: createPartnershipLoaders(db),
      panels: createPanelLoaders(db, users),
      contacts: createContactLoaders(db),
      involvement: createInvolvementLoaders(db),
      informationRequests: createInformationRequestLoaders(db, users),
      recommendations: createRecommendationLoaders(db, users),
      users,
    };
    return [...(await caseItems(loaders, today, horizon)), ...(await agencyItems(loaders, horizon))];
  } finally {
    await db.finish(false);
  }
}

type ReminderLoaders = MilestoneLoaders & {
  cases: CaseReviewLoaders;
  informationRequests: InformationRequestLoaders;
  recommendations: RecommendationLoaders;
  users: UserLoaders;
};

async function caseItems(loaders: ReminderLoaders, today: string, horizon: string): Promise<DueItem[]> {
  const open = await loaders.cases.open();
  const perCase = await Promise.all(
    open.map(async (record) => {
      const facts = await milestoneFacts(loaders, record);
      const involvement = await loaders.involvement.byCase.load(record.id);
      const due: { item: ReminderItem; dueOn: string }[] = caseMilestones(facts, today)
        .filter((m) => !m.metOn && m.dueOn <= horizon)
        .map((m) => ({ item: m.milestone, dueOn: m.dueOn }));
      const update = updateDue(facts, involvement?.updateEveryDays ?? null, today);
      if (update && update.dueOn <= horizon) due.push({ item: 'UPDATE', dueOn: update.dueOn });
      if (due.length === 0) return [];
      // The CST: the officers of the partnership's lead agency.
      const partnership = await loaders.partnerships.byId.load(record.partnershipId);
      const cst = partnership ? await loaders.users.withRole.load(roleKey(partnership.leadAgencyId, Role.CST_OFFICER)) : [];
      return due.map((d) => ({ ...d, itemId: record.id, caseId: record.id, reference: record.reference, recipients: cst.map(recipient) }));
    }),
  );
  return perCase.flat();
}

async function agencyItems(loaders: ReminderLoaders, horizon: string): Promise<DueItem[]> {
  const addressed = [
    ...(await loaders.informationRequests.unansweredDueBy.load(horizon)).map((r) => ({ item: 'INFORMATION_REQUEST' as const, record: r, asksOpenCase: true })),
    // A recommendation stays the agency's to act on whatever became of the case.
    ...(await loaders.recommendations.openDueBy.load(horizon)).map((r) => ({ item: 'RECOMMENDATION' as const, record: r, asksOpenCase: false })),
  ];
  const items = await Promise.all(
    addressed.map(async ({ item, record, asksOpenCase }) => {
      const c = await loaders.cases.byId.load(record.caseId);
      if (!c || (asksOpenCase && ENDED.includes(c.status))) return [];
      const responders = await loaders.users.withRole.load(roleKey(record.agencyId, Role.RESPONDER));
      return [{ item, itemId: record.id, caseId: c.id, reference: c.reference, dueOn: record.dueOn!, recipients: responders.map(recipient) }];
    }),
  );
  return items.flat();
}

const recipient = (u: User) => ({ id: u.id, email: u.email });
