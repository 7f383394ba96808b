import type { DataSource, EntityManager } from 'typeorm';
import { addWorkingDays } from '../../common/working-days';
import { RequestDb } from '../../database/request-db';
import { CaseReviewRecord } from '../case-review/case-review.entity';
import { CaseStatus } from '../case-review/case-review.enums';
import { createCaseReviewLoaders } from '../case-review/case-review.loaders';
import { createContactLoaders } from '../contact/contact.loaders';
import { createIncidentLoaders } from '../incident/incident.loaders';
import { createInvolvementLoaders } from '../involvement/involvement.loaders';
import { milestoneFacts, type MilestoneLoaders } from '../milestone/milestone.service';
import { caseMilestones, updateDue } from '../milestone/milestones';
import { createPanelLoaders } from '../panel/panel.loaders';
import { createPartnershipLoaders } from '../partnership/partnership.loaders';
import { createPersonLoaders } from '../person/person.loaders';
import { Role } from '../user/role';
import { createUserLoaders } from '../user/user.loaders';

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
 * request); the milestones are worked out by the milestone module from the
 * same loaders a request uses.
 */
export async function dueItems(dataSource: DataSource, today: string): Promise<DueItem[]> {
  const horizon = addWorkingDays(today, REMIND_WORKING_DAYS_AHEAD);
  const db = new RequestDb(dataSource);
  try {
    const manager = await db.manager();
    return [...(await caseItems(db, manager, today, horizon)), ...(await agencyItems(manager, horizon))];
  } finally {
    await db.finish(false);
  }
}

async function caseItems(db: RequestDb, manager: EntityManager, today: string, horizon: string): Promise<DueItem[]> {
  const users = createUserLoaders(db);
  const loaders: MilestoneLoaders = {
    cases: createCaseReviewLoaders(db, { incidents: createIncidentLoaders(db), persons: createPersonLoaders(db), users }),
    partnerships: createPartnershipLoaders(db),
    panels: createPanelLoaders(db, users),
    contacts: createContactLoaders(db),
    involvement: createInvolvementLoaders(db),
  };
  const open = await manager.createQueryBuilder(CaseReviewRecord, 'c').where('c.status NOT IN (:...ended)', { ended: ENDED }).getMany();
  for (const r of open) loaders.cases.byId.prime(r.id, r);
  const cst = await recipients(manager, Role.CST_OFFICER, `SELECT p.id AS key, u.id, u.email FROM partnership p JOIN app_user u ON u.agency_id = p.lead_agency_id
     WHERE p.id = ANY($1::uuid[]) AND $2 = ANY (u.roles::text[])`, [...new Set(open.map((r) => r.partnershipId))]);
  const perCase = await Promise.all(
    open.map(async (record) => {
      const facts = await milestoneFacts(loaders, record);
      const involvement = await loaders.involvement.byCase.load(record.id);
      const due: { item: ReminderItem; dueOn: string }[] = caseMilestones(facts, today)
        .filter((m) => !m.metOn && m.dueOn <= horizon)
        .map((m) => ({ item: m.milestone, dueOn: m.dueOn }));
      const update = updateDue(facts, involvement?.updateEveryDays ?? null, today);
      if (update && update.dueOn <= horizon) due.push({ item: 'UPDATE', dueOn: update.dueOn });
      return due.map((d) => ({ ...d, itemId: record.id, caseId: record.id, reference: record.reference, recipients: cst.get(record.partnershipId) ?? [] }));
    }),
  );
  return perCase.flat();
}

async function agencyItems(manager: EntityManager, horizon: string): Promise<DueItem[]> {
  const rows: { item: ReminderItem; item_id: string; case_id: string; reference: string; due_on: string; agency_id: string }[] = await manager.query(
    `SELECT 'INFORMATION_REQUEST' AS item, ir.id AS item_id, c.id AS case_id, c.reference, to_char(ir.due_on, 'YYYY-MM-DD') AS due_on, ir.agency_id
       FROM information_request ir JOIN case_review c ON c.id = ir.case_id
      WHERE ir.responded_at IS NULL AND ir.due_on <= $1::date AND c.status <> ALL ($2::case_status[])
     UNION ALL
     SELECT 'RECOMMENDATION', r.id, c.id, c.reference, to_char(r.due_on, 'YYYY-MM-DD'), r.agency_id
       FROM recommendation r JOIN case_review c ON c.id = r.case_id
      WHERE r.due_on <= $1::date AND r.status IN ('AWAITING_RESPONSE', 'ACCEPTED')`,
    [horizon, ENDED],
  );
  const responders = await recipients(manager, Role.RESPONDER, `SELECT u.agency_id AS key, u.id, u.email FROM app_user u
     WHERE u.agency_id = ANY($1::uuid[]) AND $2 = ANY (u.roles::text[])`, [...new Set(rows.map((r) => r.agency_id))]);
  return rows.map((r) => ({ item: r.item, itemId: r.item_id, caseId: r.case_id, reference: r.reference, dueOn: r.due_on, recipients: responders.get(r.agency_id) ?? [] }));
}

/** The users holding `role` for each key (a partnership's CST, an agency's responders), in a stable order. */
async function recipients(manager: EntityManager, role: Role, sql: string, keys: string[]): Promise<Map<string, { id: string; email: string }[]>> {
  const rows: { key: string; id: string; email: string }[] = keys.length === 0 ? [] : await manager.query(`${sql} ORDER BY 1, u.id`, [keys, role]);
  const byKey = new Map<string, { id: string; email: string }[]>();
  for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), { id: r.id, email: r.email }]);
  return byKey;
}
