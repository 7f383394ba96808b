import type { Actor } from '../../common/actor';
import { checkId } from '../../common/ids';
import { checkFirst } from '../../common/pagination';
import type { RequestDb } from '../../database/request-db';
import { parseEntryId, type AccessLogService, type SubjectRecords } from '../access-log/access-log.service';
import type { AccessLogEntry } from '../access-log/access-log.types';
import type { CaseReviewRecord } from '../case-review/case-review.entity';
import type { CaseReviewLoaders } from '../case-review/case-review.loaders';
import { caseView, type CaseReview } from '../case-review/case-review.types';
import type { IncidentRecord } from '../incident/incident.entity';
import type { IncidentLoaders } from '../incident/incident.loaders';
import { incidentView, type Incident } from '../incident/incident.types';
import type { PersonRecord } from '../person/person.entity';
import type { PersonLoaders } from '../person/person.loaders';
import { personView, type Person } from '../person/person.types';
import { DataProtectionErrors } from './data-protection.errors';
import { DataProtectionPolicy } from './data-protection.policy';
import { MAX_CASES_PAGE, MAX_DISCLOSURES_PAGE, SubjectAccessExport } from './data-protection.types';

/** Where the export's PDF is served (subject-access.document.ts), for the caller's token. */
export const subjectAccessPdfPath = (personId: string) => `/documents/people/${personId}/subject-access.pdf`;

/**
 * A data protection officer's subject access export (DOMAIN.md, "Data
 * protection"): the person's records across the agencies of the officer's
 * partnerships (the candidate rule), the incidents they reported, the cases
 * they are applicant or victim of, and who saw their data. The database decides
 * the officer's reach and opens exactly those rows to them for the request
 * (hub_open_subject); everything read is logged on the export's basis, and so
 * is the export itself (entity SubjectAccessExport, the person asked for).
 */
export class SubjectAccessService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { persons: PersonLoaders; incidents: IncidentLoaders; cases: CaseReviewLoaders },
    private readonly accessLog: AccessLogService,
  ) {}

  async export(actor: Actor, personIdArg: string): Promise<SubjectAccessExport> {
    const basis = DataProtectionPolicy.authorize(actor, 'export');
    const personId = checkId(personIdArg, 'personId');
    const manager = await this.db.manager();
    const [{ opened }]: { opened: boolean }[] = await manager.query('SELECT hub_open_subject($1) AS opened', [personId]);
    if (!opened) throw DataProtectionErrors.PERSON_NOT_FOUND('personId');
    const [found]: { person_ids: string[]; incident_ids: string[]; case_ids: string[] }[] = await manager.query(
      'SELECT person_ids, incident_ids, case_ids FROM hub_subject_records($1)',
      [personId],
    );
    const records: SubjectRecords = { personIds: found.person_ids, incidentIds: found.incident_ids, caseIds: found.case_ids };
    this.forgetHidden(records);
    const person = await this.loaders.persons.byId.load(personId);
    if (!person) throw DataProtectionErrors.PERSON_NOT_FOUND('personId');
    this.db.accessLog.read('SubjectAccessExport', personId, null, basis);
    return Object.assign(new SubjectAccessExport(), {
      person: personView(person, basis, null),
      pdfPath: subjectAccessPdfPath(personId),
      records,
      basis,
      viewerAgencyId: actor.agencyId,
    });
  }

  /** Every record of the person, the one asked for first. */
  async records(exp: SubjectAccessExport): Promise<Person[]> {
    const others = exp.records.personIds.filter((id) => id !== exp.person.id);
    const rows = await this.loaders.persons.byId.loadMany(others);
    return [exp.person, ...rows.filter((r): r is PersonRecord => !!r && !(r instanceof Error)).map((r) => personView(r, exp.basis, null))];
  }

  /** The incidents the person reported, at every agency of the officer's partnerships, newest report first. */
  async incidents(exp: SubjectAccessExport): Promise<Incident[]> {
    const rows = await this.loaders.incidents.byId.loadMany(exp.records.incidentIds);
    return rows
      .filter((r): r is IncidentRecord => !!r && !(r instanceof Error))
      .sort((a, b) => b.reportedAt.getTime() - a.reportedAt.getTime() || a.id.localeCompare(b.id))
      .map((r) => incidentView(r, { basis: exp.basis, caseId: null, historyBasis: exp.basis }));
  }

  /** The cases the person is applicant or victim of, newest application first, as the export shows them ('subject' access). */
  async cases(exp: SubjectAccessExport): Promise<CaseReview[]> {
    const rows = await this.loaders.cases.byId.loadMany(exp.records.caseIds);
    const subject = { recordIds: new Set([...exp.records.personIds, ...exp.records.incidentIds]), basis: exp.basis };
    return rows
      .filter((r): r is CaseReviewRecord => !!r && !(r instanceof Error))
      .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || a.id.localeCompare(b.id))
      .map((r) => caseView(r, 'subject', exp.viewerAgencyId, subject));
  }

  /** `first` of those cases after the case `after` (its id; BAD_USER_INPUT for an id that is not one of them). */
  async casePage(exp: SubjectAccessExport, firstArg: number, after?: string | null): Promise<CaseReview[]> {
    const first = checkFirst(firstArg, MAX_CASES_PAGE);
    const all = await this.cases(exp);
    const start = after ? all.findIndex((c) => c.id === after) + 1 : 0;
    if (start === 0 && after) throw DataProtectionErrors.BAD_CURSOR('after');
    return all.slice(start, start + first);
  }

  /** Who saw or changed the person's data, newest first: `first` entries after the entry `after` (its id). */
  async disclosures(exp: SubjectAccessExport, firstArg: number, afterArg?: string | null): Promise<{ entries: AccessLogEntry[]; hasMore: boolean }> {
    const first = checkFirst(firstArg, MAX_DISCLOSURES_PAGE);
    if (afterArg && !parseEntryId(afterArg)) throw DataProtectionErrors.BAD_CURSOR('after');
    return this.accessLog.about(exp.records, first, afterArg ?? null);
  }

  disclosureCount(exp: SubjectAccessExport): Promise<number> {
    return this.accessLog.countAbout(exp.records);
  }

  /**
   * Rows this request read before the subject was opened came back hidden (or
   * as facts only); the loaders must read them again now that the database
   * lets them through.
   */
  private forgetHidden(records: SubjectRecords): void {
    for (const id of records.personIds) {
      this.loaders.persons.byId.clear(id);
      this.loaders.persons.byIdOrKind.clear(id);
    }
    for (const id of records.incidentIds) {
      this.loaders.incidents.byId.clear(id);
      this.loaders.incidents.byIdOrFacts.clear(id);
    }
    for (const id of records.caseIds) {
      this.loaders.cases.byId.clear(id);
      this.loaders.cases.incidentIds.clear(id);
      this.loaders.cases.events.clear(id);
    }
  }
}
