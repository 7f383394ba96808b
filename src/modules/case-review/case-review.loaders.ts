import type DataLoader from 'dataloader';
import type { Actor } from '../../common/actor';
import { byKeys, groupByKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import type { IncidentLoaders } from '../incident/incident.loaders';
import type { PersonLoaders } from '../person/person.loaders';
import { Role } from '../user/role';
import { User } from '../user/user.entity';
import { type UserLoaders, primeJoinedUsers } from '../user/user.loaders';
import { CaseEventRecord } from './case-event.entity';
import { CaseReviewRecord } from './case-review.entity';
import { CaseStatus } from './case-review.enums';
import { CaseReviewPolicy } from './case-review.policy';

/** The case an incident record is seen through, and whether its consent is active. */
export type CaseThrough = { caseId: string; consentActive: boolean };

export type CaseReviewLoaders = ReturnType<typeof createCaseReviewLoaders>;

/** Per-request loaders for cases, their linked incidents and their events. Visibility is the service's business. */
export function createCaseReviewLoaders(db: RequestDb, related: { incidents: IncidentLoaders; persons: PersonLoaders; users: UserLoaders }) {
  const loaders = {
    /** With the user who decided the threshold (shown wherever the decision is). */
    byId: requestLoader<string, CaseReviewRecord | null>(db, async (ids) => {
      const rows = await (await db.manager())
        .createQueryBuilder(CaseReviewRecord, 'c')
        .leftJoinAndMapOne('c.decidedByUser', User, 'du', 'du.id = c.threshold_decided_by_id')
        .where('c.id = ANY(:ids)', { ids: [...ids] })
        .getMany();
      primeJoinedUsers(related.users, rows, 'decidedByUser');
      return byKeys(ids, rows, (r) => r.id);
    }),
    /**
     * The linked incidents' ids, in the order linked. The same statement reads
     * the incidents and their reporters where row-level security lets the
     * caller (those withheld come back null and are looked up as before) and
     * hands them to their loaders: a case history reads its incidents once.
     */
    incidentIds: requestLoader<string, string[]>(db, async (caseIds) => {
      const manager = await db.manager();
      const i = related.incidents.joined(manager, 'i');
      const r = related.persons.joined(manager, 'r');
      const rows: Record<string, unknown>[] = await manager.query(
        `SELECT ci.case_id, ci.incident_id, ${i.select}, ${r.select}
           FROM case_incident ci
           LEFT JOIN ${i.table} i ON i.id = ci.incident_id
           LEFT JOIN ${r.table} r ON r.id = i.reporter_id
          WHERE ci.case_id = ANY($1::uuid[])
          ORDER BY ci.linked_at, ci.incident_id`,
        [[...caseIds]],
      );
      for (const row of rows) {
        i.prime(row);
        r.prime(row);
      }
      return groupByKeys(caseIds, rows, (row) => row.case_id as string).map((links) => links.map((l) => l.incident_id as string));
    }),
    /** With each event's actor. */
    events: requestLoader<string, CaseEventRecord[]>(db, async (caseIds) => {
      const rows = await (await db.manager())
        .createQueryBuilder(CaseEventRecord, 'e')
        .leftJoinAndMapOne('e.actorUser', User, 'au', 'au.id = e.actor_id')
        .where('e.case_id = ANY(:caseIds)', { caseIds: [...caseIds] })
        .orderBy('e.id', 'ASC')
        .getMany();
      primeJoinedUsers(related.users, rows, 'actorUser');
      return groupByKeys(caseIds, rows, (r) => r.caseId);
    }),
    /**
     * Cases as an access-log entry names them, for an auditor: the non-personal
     * columns hub_case_references returns (the rest stay empty); null for a case
     * not of the auditor's partnerships. A page of entries reads its cases in one
     * statement.
     */
    references: requestLoader<string, CaseReviewRecord | null>(db, async (ids) => {
      const rows: Record<string, unknown>[] = await (await db.manager()).query('SELECT * FROM hub_case_references($1::uuid[])', [[...ids]]);
      const byId = new Map(rows.map((row) => [row.id as string, row]));
      return ids.map((id) => {
        const row = byId.get(id);
        if (!row) return null;
        return Object.assign(new CaseReviewRecord(), {
          id: row.id,
          partnershipId: row.partnership_id,
          reference: row.reference,
          status: row.status,
          receivedAt: row.received_at,
          channel: row.channel,
          relationship: row.relationship,
          version: row.version,
          reportedIncidents: [],
          thresholdMet: null,
          outcomeSentAt: null,
          secondaryReviewRequestedAt: null,
        });
      });
    }),
    /** Cases on whose panels a user sits (any round). */
    panelCaseIds: requestLoader<string, Set<string>>(db, async (userIds) => {
      const rows: { user_id: string; case_id: string }[] = await (await db.manager()).query(
        `SELECT DISTINCT m.user_id, p.case_id FROM panel_member m JOIN panel p ON p.id = m.panel_id WHERE m.user_id = ANY($1::uuid[])`,
        [[...userIds]],
      );
      return groupByKeys(userIds, rows, (r) => r.user_id).map((group) => new Set(group.map((r) => r.case_id)));
    }),
  };
  // One loader per caller (a request has one; the map keeps a second from borrowing the first's scope).
  const viaCase = new Map<string, DataLoader<string, CaseThrough | null>>();
  return {
    ...loaders,
    /**
     * Every case not yet closed or withdrawn, as far as the connection may read
     * (the reminders read as the owner), handed to byId as well.
     */
    async open(): Promise<CaseReviewRecord[]> {
      const rows = await (await db.manager())
        .createQueryBuilder(CaseReviewRecord, 'c')
        .where('c.status NOT IN (:...ended)', { ended: [CaseStatus.CLOSED, CaseStatus.WITHDRAWN] })
        .orderBy('c.received_at', 'ASC')
        .addOrderBy('c.id', 'ASC')
        .getMany();
      for (const row of rows) loaders.byId.prime(row.id, row);
      return rows;
    },
    /**
     * The case each incident is seen through for this caller: one they may see
     * (their partnership's CST, or a panel they sit on), preferring one whose
     * consent is active, then the newest. For a caller without direct access to
     * the incident; null when there is none.
     */
    viaCase(actor: Actor): DataLoader<string, CaseThrough | null> {
      let loader = viaCase.get(actor.userId);
      if (!loader) {
        loader = requestLoader<string, CaseThrough | null>(db, async (incidentIds) => {
          const sitsOn = actor.roles.has(Role.PANEL_MEMBER) ? await loaders.panelCaseIds.load(actor.userId) : new Set<string>();
          const scope = CaseReviewPolicy.listScope(actor, sitsOn);
          const rows: { incident_id: string; case_id: string; consent_active: boolean }[] = await (await db.manager()).query(
            `SELECT DISTINCT ON (ci.incident_id) ci.incident_id, ci.case_id,
                    (c.consent_withdrawn_at IS NULL AND NOT c.consent_awaiting_confirmation) AS consent_active
               FROM case_incident ci JOIN case_review c ON c.id = ci.case_id
              WHERE ci.incident_id = ANY($1::uuid[])
                AND (c.partnership_id = ANY($2::uuid[]) OR c.id = ANY($3::uuid[]))
              ORDER BY ci.incident_id, (c.consent_withdrawn_at IS NULL AND NOT c.consent_awaiting_confirmation) DESC, c.received_at DESC`,
            [[...incidentIds], scope.partnershipIds, scope.panelCaseIds],
          );
          const byIncident = new Map(rows.map((r) => [r.incident_id, { caseId: r.case_id, consentActive: r.consent_active }]));
          return incidentIds.map((id) => byIncident.get(id) ?? null);
        });
        viaCase.set(actor.userId, loader);
      }
      return loader;
    },
  };
}
