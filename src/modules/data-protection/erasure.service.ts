import type { Actor } from '../../common/actor';
import { londonToday } from '../../common/clock';
import { checkId } from '../../common/ids';
import type { RequestDb } from '../../database/request-db';
import type { CaseReviewLoaders } from '../case-review/case-review.loaders';
import type { IncidentLoaders } from '../incident/incident.loaders';
import type { PartnershipLoaders } from '../partnership/partnership.loaders';
import type { PersonLoaders } from '../person/person.loaders';
import { DataProtectionErrors } from './data-protection.errors';
import { DataProtectionPolicy } from './data-protection.policy';
import type { ErasureResult } from './data-protection.types';
import { erasePastRetention, erasureCounts, erasureEntries, eraseSubject, retentionDue, type ErasedRecord } from './erasure.sql';

const MAX_REASON = 2000;

/**
 * Erasure (DOMAIN.md, "Data protection"): a person on a valid request, by a data
 * protection officer within their reach; and whatever is past its partnership's
 * retention, by an administrator (the daily job does the same, retention.job.ts).
 * Names become "Erased"; addresses, phones, dates of birth, postcodes, incident
 * text and the applicant's account are emptied; ids, dates, categories, statuses
 * and every figure stay; the access log is not touched and each erased record
 * gets a WRITE entry. A record erased before is not erased or counted again.
 */
export class ErasureService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { persons: PersonLoaders; incidents: IncidentLoaders; cases: CaseReviewLoaders; partnerships: PartnershipLoaders },
  ) {}

  async erasePerson(actor: Actor, personIdArg: string, reasonArg: string): Promise<ErasureResult> {
    const basis = DataProtectionPolicy.authorize(actor, 'erase');
    const personId = checkId(personIdArg, 'personId');
    const reason = reasonArg.trim();
    if (!reason) throw DataProtectionErrors.REASON_REQUIRED('reason');
    if (reason.length > MAX_REASON) throw DataProtectionErrors.REASON_TOO_LONG('reason');
    const erased = await this.db.transaction(async (manager) => {
      const [{ reach }]: { reach: boolean }[] = await manager.query('SELECT hub_subject_in_reach($1) AS reach', [personId]);
      if (!reach) throw DataProtectionErrors.PERSON_NOT_FOUND('personId');
      return this.logged(await eraseSubject(manager, personId, reason), basis);
    });
    return erasureCounts(erased);
  }

  /** Erases now what of the partnership is past its retention, person by person, in the request's transaction. */
  async applyRetention(actor: Actor, partnershipIdArg: string, now = new Date()): Promise<ErasureResult> {
    const basis = DataProtectionPolicy.authorize(actor, 'applyRetention');
    const partnershipId = checkId(partnershipIdArg, 'partnershipId');
    if (!(await this.loaders.partnerships.byId.load(partnershipId))) throw DataProtectionErrors.PARTNERSHIP_NOT_FOUND('partnershipId');
    const today = londonToday(now);
    const erased = await this.db.transaction(async (manager) => {
      const all: ErasedRecord[] = [];
      for (const personId of await retentionDue(manager, partnershipId, today)) {
        all.push(...this.logged(await erasePastRetention(manager, partnershipId, personId, today), basis));
      }
      return all;
    });
    return erasureCounts(erased);
  }

  /** Logs a WRITE entry per erased record, and forgets what the request's loaders read of them before. */
  private logged(records: ErasedRecord[], basis: ReturnType<typeof DataProtectionPolicy.authorize>): ErasedRecord[] {
    for (const entry of erasureEntries(records, basis)) this.db.accessLog.write(entry.entity, entry.entityId, entry.caseId, entry.basis);
    for (const r of records) {
      if (r.entity === 'Person') this.loaders.persons.byId.clear(r.entity_id);
      if (r.entity === 'Incident') this.loaders.incidents.byId.clear(r.entity_id);
      if (r.entity === 'CaseReview') this.loaders.cases.byId.clear(r.entity_id);
    }
    return records;
  }
}
