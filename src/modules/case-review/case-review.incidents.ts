import type { Actor } from '../../common/actor';
import type { RequestDb } from '../../database/request-db';
import type { IncidentRecord } from '../incident/incident.entity';
import { isFactsOnly } from '../incident/incident.loaders';
import { incidentView, type Incident } from '../incident/incident.types';
import { samePerson } from '../person/person.matching';
import { CaseReviewPolicy } from './case-review.policy';
import { consentActive, MAX_CANDIDATES, type CaseReview, type ThresholdSuggestion } from './case-review.types';
import type { CaseViewLoaders } from './case-review.views';
import { suggestThreshold } from './threshold';

/**
 * A case's incident records as the caller may see them through it (linked ones,
 * and the candidates the CST may link), and the threshold suggested from them.
 */
export class CaseIncidentViews {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: CaseViewLoaders,
  ) {}

  /** An incident record as seen through this case: redacted unless the caller's agency owns it or consent is active. */
  incidentThrough(view: CaseReview, record: IncidentRecord): Incident {
    return incidentView(record, {
      basis: isFactsOnly(record) ? null : CaseReviewPolicy.basisThrough(view, record),
      caseId: view.id,
      historyBasis: CaseReviewPolicy.historyBasisThrough(view, record),
    });
  }

  async linkedIncidents(view: CaseReview): Promise<Incident[]> {
    if (!CaseReviewPolicy.seesHistory(view)) return [];
    const records = await this.linkedRecords(view.id);
    return records.map((r) => this.incidentThrough(view, r));
  }

  /**
   * Records of the partnership's agencies whose reporter is the victim (same
   * normalised name, and the same date of birth or postcode), not yet linked.
   * For the CST only, and none while consent is not active.
   */
  async candidates(actor: Actor, view: CaseReview): Promise<Incident[]> {
    if (view.access !== 'full' || !CaseReviewPolicy.canManage(actor, view.record.partnershipId) || !consentActive(view.record)) return [];
    // The search runs in the database (hub_candidate_incident_ids), which checks the
    // caller is this partnership's CST and consent is active: the records are not
    // linked yet, so row-level security would not otherwise let the CST see them.
    const [{ ids }]: { ids: string[] }[] = await (await this.db.manager()).query('SELECT hub_candidate_incident_ids($1) AS ids', [view.id]);
    const records = await this.loaders.incidents.byId.loadMany(ids.slice(0, MAX_CANDIDATES));
    return records.filter((r): r is IncidentRecord => !!r && !(r instanceof Error)).map((r) => this.incidentThrough(view, r));
  }

  /**
   * The threshold computed from the linked incidents and the partnership's
   * rules. Reporters are counted as people: the same person known to two
   * agencies (same name, and birth date or postcode) is one reporter.
   */
  async suggestion(view: CaseReview): Promise<ThresholdSuggestion> {
    const [partnership, records] = await Promise.all([
      this.loaders.partnerships.byId.load(view.record.partnershipId),
      this.linkedRecords(view.id),
    ]);
    const reporters = await this.loaders.persons.byId.loadMany([...new Set(records.map((r) => r.reporterId))]);
    const clusters: { key: string; person: { nameKey: string; dateOfBirth: string | null; postcodeKey: string | null } }[] = [];
    const reporterKey = new Map<string, string>();
    for (const p of reporters) {
      if (!p || p instanceof Error) continue;
      const same = clusters.find((c) => samePerson(c.person, p));
      const key = same?.key ?? p.id;
      if (!same) clusters.push({ key, person: p });
      reporterKey.set(p.id, key);
    }
    const result = suggestThreshold(
      view.record.receivedAt,
      partnership?.thresholdRules ?? [],
      // A reporter whose details are withheld (consent withdrawn) still counts as one person.
      records.map((r) => ({ id: r.id, occurredAt: r.occurredAt, reportedAt: r.reportedAt, category: r.category, reporterId: reporterKey.get(r.reporterId) ?? r.reporterId })),
    );
    const byId = new Map(records.map((r) => [r.id, r]));
    return {
      met: result.met,
      qualifyingReports: result.qualifyingReports,
      ruleIndex: result.ruleIndex,
      qualifyingIncidents:
        view.access === 'full' ? result.qualifyingIncidentIds.map((id) => this.incidentThrough(view, byId.get(id)!)) : [],
    };
  }

  private async linkedRecords(caseId: string): Promise<IncidentRecord[]> {
    const ids = await this.loaders.cases.incidentIds.load(caseId);
    const records = await this.loaders.incidents.byIdOrFacts.loadMany(ids);
    return records.filter((r): r is IncidentRecord => !!r && !(r instanceof Error));
  }
}
