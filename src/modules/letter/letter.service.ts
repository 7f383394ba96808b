import type { Actor } from '../../common/actor';
import { londonToday } from '../../common/clock';
import { checkId } from '../../common/ids';
import { londonDate } from '../../common/working-days';
import type { RequestDb } from '../../database/request-db';
import type { AgencyLoaders } from '../agency/agency.loaders';
import type { CaseReviewRecord } from '../case-review/case-review.entity';
import { CaseStatus } from '../case-review/case-review.enums';
import type { CaseIncidentViews } from '../case-review/case-review.incidents';
import type { CaseReviewLoaders } from '../case-review/case-review.loaders';
import type { CaseReview } from '../case-review/case-review.types';
import type { CaseReviewViews } from '../case-review/case-review.views';
import { ASB_CATEGORY_WORDS } from '../incident/asb-category';
import type { PanelRecord } from '../panel/panel.entity';
import type { PanelLoaders } from '../panel/panel.loaders';
import type { Partnership } from '../partnership/partnership.entity';
import type { PartnershipLoaders } from '../partnership/partnership.loaders';
import { dueDates, timescalesOf } from '../partnership/timescales';
import { disclosePerson } from '../person/person.types';
import type { RecommendationLoaders } from '../recommendation/recommendation.loaders';
import type { UserLoaders } from '../user/user.loaders';
import { LetterKind } from './letter-kind';
import { LetterheadRecord, LetterTemplateRecord } from './letter-template.entity';
import { DEFAULT_TEMPLATES, defaultLetterhead, LETTER_TITLES } from './letter.defaults';
import { letterDate, letterText, textLines, type LetterDocument } from './letter.document';
import { LetterErrors } from './letter.errors';
import type { LetterLoaders } from './letter.loaders';
import { LetterPolicy } from './letter.policy';
import { checkTemplate, MAX_TEMPLATE, PLACEHOLDERS, renderTemplate, type TemplateView } from './letter.template';
import { Letter, LetterTemplate, letterPdfPath } from './letter.types';

/** Longest letterhead (address and contact lines). */
export const MAX_LETTERHEAD = 1000;

type CaseFacts = { events: { type: string; at: Date; note: string | null }[]; panels: PanelRecord[] };

/**
 * Letters to the applicant: drafted from the partnership's template and the
 * case, as text (GraphQL) and PDF (letter.routes.ts), by the same call. A letter
 * is made only of what DOMAIN.md lets it contain, and the applicant's name and
 * address go through the person module's disclosure, so a letter writes the
 * access-log entries that reading those fields writes.
 */
export class LetterService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: {
      letters: LetterLoaders;
      partnerships: PartnershipLoaders;
      cases: CaseReviewLoaders;
      panels: PanelLoaders;
      recommendations: RecommendationLoaders;
      agencies: AgencyLoaders;
      users: UserLoaders;
    },
    private readonly caseViews: CaseReviewViews,
    private readonly caseIncidents: CaseIncidentViews,
  ) {}

  /** The letter of that kind as it would be sent now, by the caller. INVALID_STATE when the case has nothing for it yet. */
  async draft(actor: Actor, view: CaseReview, kind: LetterKind, now = new Date()): Promise<Letter> {
    LetterPolicy.authorize(actor, 'draft', view);
    const record = view.record;
    const facts = await this.facts(record);
    const refusal = unavailable(kind, record, facts);
    if (refusal) throw LetterErrors.NOT_AVAILABLE('kind', refusal);
    const partnership = (await this.loaders.partnerships.byId.load(record.partnershipId))!;
    const [template, letterhead, applicant, officer] = await Promise.all([
      this.templateText(partnership.id, kind),
      this.letterhead(partnership),
      this.caseViews.person(view, 'applicant'),
      this.loaders.users.byId.load(actor.userId),
    ]);
    const disclosed = (field: 'name' | 'address' | 'postcode') => (applicant ? disclosePerson(applicant, field, this.db.accessLog) : null);
    const name = disclosed('name');
    const recipient = name ? [name, ...textLines(disclosed('address')), ...textLines(disclosed('postcode'))] : [];
    const timescales = timescalesOf(partnership);
    const due = dueDates(record.receivedAt, timescales);
    const officerName = officer?.displayName ?? 'Community Safety Team';
    const values: TemplateView = {
      reference: record.reference,
      partnershipName: partnership.name,
      applicantName: name ?? '',
      officerName,
      today: letterDate(londonToday(now)),
      receivedOn: letterDate(londonDate(record.receivedAt)),
      thresholdDecisionDueOn: letterDate(due.thresholdDecision),
      outcomeDueOn: letterDate(due.outcome),
      outcomeWorkingDays: timescales.outcomeWorkingDays,
      ...(await this.kindValues(kind, view, facts)),
    };
    const document: LetterDocument = {
      kind,
      reference: record.reference,
      partnershipName: partnership.name,
      letterhead: textLines(letterhead),
      date: letterDate(londonToday(now)),
      recipient,
      salutation: `Dear ${name ?? 'Sir or Madam'},`,
      title: LETTER_TITLES[kind],
      body: renderTemplate(template, values),
      closing: [officerName, `Community Safety Team, ${partnership.name}`],
    };
    return Object.assign(new Letter(), { kind, text: letterText(document), pdfPath: letterPdfPath(record.id, kind), document });
  }

  /** Refuses (INVALID_STATE naming `field`) a letter the case cannot have now: recording its sending would be untrue. */
  async assertAvailable(record: CaseReviewRecord, kind: LetterKind, field: string): Promise<void> {
    const refusal = unavailable(kind, record, await this.facts(record));
    if (refusal) throw LetterErrors.NOT_AVAILABLE(field, refusal);
  }

  /** Every kind's wording for the partnership: its own where it wrote one, the default otherwise. */
  async templates(partnership: Partnership): Promise<LetterTemplate[]> {
    const own = new Map((await this.loaders.letters.templatesOf.load(partnership.id)).map((t) => [t.kind, t.body]));
    return Object.values(LetterKind).map((kind) =>
      Object.assign(new LetterTemplate(), { kind, text: own.get(kind) ?? DEFAULT_TEMPLATES[kind], custom: own.has(kind), placeholders: [...PLACEHOLDERS[kind]] }),
    );
  }

  /** The CST words one kind of letter; null (or blank) goes back to the default. A template naming what the letter is not given is refused. */
  async setTemplate(actor: Actor, partnershipIdArg: string, kind: LetterKind, text: string | null | undefined): Promise<LetterTemplate> {
    const partnershipId = checkId(partnershipIdArg, 'partnershipId');
    const basis = LetterPolicy.authorize(actor, 'word', { partnershipId });
    const body = text?.trim() ? text.trim() : null;
    if (body && body.length > MAX_TEMPLATE) throw LetterErrors.BAD_TEMPLATE('text', `At most ${MAX_TEMPLATE} characters`);
    if (body) checkTemplate(kind, body, 'text');
    await this.db.transaction(async (manager) => {
      if (body) await manager.upsert(LetterTemplateRecord, { partnershipId, kind, body, updatedAt: new Date(), updatedById: actor.userId }, ['partnershipId', 'kind']);
      else await manager.delete(LetterTemplateRecord, { partnershipId, kind });
    });
    this.db.accessLog.write('LetterTemplate', partnershipId, null, basis);
    this.loaders.letters.templatesOf.clear(partnershipId);
    return Object.assign(new LetterTemplate(), { kind, text: body ?? DEFAULT_TEMPLATES[kind], custom: !!body, placeholders: [...PLACEHOLDERS[kind]] });
  }

  /** The lines under the partnership's name at the top of its letters. */
  async letterhead(partnership: Partnership): Promise<string> {
    const own = await this.loaders.letters.letterheadOf.load(partnership.id);
    if (own) return own.address;
    const lead = await this.loaders.agencies.byId.load(partnership.leadAgencyId);
    return defaultLetterhead(lead?.name ?? partnership.name);
  }

  async setLetterhead(actor: Actor, partnershipIdArg: string, text: string): Promise<string> {
    const partnershipId = checkId(partnershipIdArg, 'partnershipId');
    const basis = LetterPolicy.authorize(actor, 'word', { partnershipId });
    const address = textLines(text).join('\n');
    if (!address || address.length > MAX_LETTERHEAD) throw LetterErrors.BAD_LETTERHEAD('text');
    await this.db.transaction((manager) => manager.upsert(LetterheadRecord, { partnershipId, address, updatedAt: new Date(), updatedById: actor.userId }, ['partnershipId']));
    this.db.accessLog.write('Letterhead', partnershipId, null, basis);
    this.loaders.letters.letterheadOf.clear(partnershipId);
    return address;
  }

  // ---------------------------------------------------------------- helpers

  private async facts(record: CaseReviewRecord): Promise<CaseFacts> {
    const [events, panels] = await Promise.all([this.loaders.cases.events.load(record.id), this.loaders.panels.roundsByCase.load(record.id)]);
    return { events, panels };
  }

  private async templateText(partnershipId: string, kind: LetterKind): Promise<string> {
    const own = (await this.loaders.letters.templatesOf.load(partnershipId)).find((t) => t.kind === kind);
    return own?.body ?? DEFAULT_TEMPLATES[kind];
  }

  /** What each kind of letter says beyond the common placeholders: never an incident's content, only its date and category. */
  private async kindValues(kind: LetterKind, view: CaseReview, facts: CaseFacts): Promise<TemplateView> {
    const r = view.record;
    switch (kind) {
      case LetterKind.THRESHOLD_MET:
      case LetterKind.THRESHOLD_NOT_MET: {
        const reports = (await this.caseIncidents.linkedIncidents(view))
          .sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime())
          .map((i) => ({ date: letterDate(londonDate(i.reportedAt)), category: ASB_CATEGORY_WORDS[i.category] }));
        return {
          decisionReason: r.thresholdReason ?? '',
          decidedOn: r.thresholdDecidedAt ? letterDate(londonDate(r.thresholdDecidedAt)) : '',
          alternativeAction: r.thresholdAlternativeAction ?? '',
          reports,
          reportCount: reports.length,
        };
      }
      case LetterKind.DELAY: {
        const delay = latest(facts.events, ['DELAY_NOTIFIED'])!;
        return { delayReason: delay.note ?? '', delayNotifiedOn: letterDate(londonDate(delay.at)) };
      }
      case LetterKind.OUTCOME:
      case LetterKind.SECONDARY_REVIEW_OUTCOME: {
        const panel = facts.panels.find((p) => p.round === (kind === LetterKind.OUTCOME ? 1 : 2))!;
        const recommendations = (await this.loaders.recommendations.byCase.load(r.id)).filter((rec) => rec.panelId === panel.id);
        const agencies = await this.loaders.agencies.byId.loadMany(recommendations.map((rec) => rec.agencyId));
        const secondaryDue = await this.caseViews.secondaryReviewDueOn(view);
        return {
          findings: panel.findings ?? '',
          reviewedOn: panel.reviewedAt ? letterDate(londonDate(panel.reviewedAt)) : '',
          recommendations: recommendations.map((rec, i) => {
            const agency = agencies[i];
            return { agency: agency && !(agency instanceof Error) ? agency.name : '', text: rec.text, dueOn: rec.dueOn ? letterDate(rec.dueOn) : '' };
          }),
          secondaryReviewDueOn: secondaryDue ? letterDate(secondaryDue) : '',
        };
      }
      case LetterKind.CLOSURE: {
        const closing = latest(facts.events, ['CLOSED', 'WITHDRAWN'])!;
        return { closureReason: closing.note ?? '', closedOn: letterDate(londonDate(closing.at)) };
      }
      default:
        return {};
    }
  }
}

/** Why the case cannot have this letter now, or null when it can. */
function unavailable(kind: LetterKind, r: CaseReviewRecord, facts: CaseFacts): string | null {
  const reviewed = (round: number) => facts.panels.some((p) => p.round === round && p.reviewedAt);
  switch (kind) {
    case LetterKind.ACKNOWLEDGEMENT:
      return null;
    case LetterKind.THRESHOLD_MET:
      return r.thresholdMet === true ? null : 'The threshold has not been decided met (decideThreshold)';
    case LetterKind.THRESHOLD_NOT_MET:
      return r.thresholdMet === false ? null : 'The threshold has not been decided not met (decideThreshold)';
    case LetterKind.DELAY:
      return latest(facts.events, ['DELAY_NOTIFIED']) ? null : 'No delay has been recorded (notifyDelay records it with its reason)';
    case LetterKind.OUTCOME:
      return reviewed(1) ? null : 'The panel has not recorded its findings yet';
    case LetterKind.SECONDARY_REVIEW_OUTCOME:
      return reviewed(2) ? null : 'The secondary review panel has not recorded its findings yet';
    case LetterKind.CLOSURE:
      return r.status === CaseStatus.CLOSED || r.status === CaseStatus.WITHDRAWN ? null : 'The case is not closed or withdrawn';
  }
}

function latest<E extends { type: string }>(events: readonly E[], types: readonly string[]): E | undefined {
  return [...events].reverse().find((e) => types.includes(e.type));
}
