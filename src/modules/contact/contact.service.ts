import type { Actor } from '../../common/actor';
import type { RequestDb } from '../../database/request-db';
import type { AccessLogBuffer } from '../access-log/access-log.buffer';
import type { CaseReviewRecord } from '../case-review/case-review.entity';
import { ALLOWED_FROM, CaseReviewPolicy } from '../case-review/case-review.policy';
import type { CaseReview } from '../case-review/case-review.types';
import type { CaseReviewViews } from '../case-review/case-review.views';
import { caseText, type CaseSteps } from '../case-review/case-steps';
import type { LetterKind } from '../letter/letter-kind';
import type { PartnershipLoaders } from '../partnership/partnership.loaders';
import { OUTGOING } from './contact-direction';
import { ContactRecord } from './contact.entity';
import { ContactErrors } from './contact.errors';
import type { ContactLoaders } from './contact.loaders';
import { ContactPolicy } from './contact.policy';
import { contactView, MAX_CASE_CONTACTS, MAX_CONTACT_SUMMARY, type Contact, type ContactInput } from './contact.types';

/**
 * Refuses a contact that claims to send a letter the case cannot have now (the
 * letter module's rule, handed in by the composition root: letters depend on
 * contacts' kinds, not the reverse).
 */
export type LetterAvailability = (record: CaseReviewRecord, kind: LetterKind, field: string) => Promise<void>;

/** Contacts with the applicant and the victim: recorded by the CST, on the case's timeline and in its events. */
export class ContactService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { contacts: ContactLoaders; partnerships: PartnershipLoaders },
    private readonly steps: CaseSteps,
    private readonly views: CaseReviewViews,
    private readonly letterAvailable: LetterAvailability,
  ) {}

  /** Records a contact (a CONTACT_RECORDED event; with a letter, it meets that letter's milestone). */
  async record(actor: Actor, caseId: string, input: ContactInput, now = new Date()): Promise<CaseReview> {
    const summary = caseText(input.summary, 'contact.summary', MAX_CONTACT_SUMMARY);
    const at = input.at ?? now;
    if (at > now) throw ContactErrors.IN_FUTURE('contact.at');
    if (input.letter && !OUTGOING.includes(input.direction)) throw ContactErrors.LETTER_NOT_OUTGOING('contact.direction');
    const record = await this.steps.step(
      actor,
      caseId,
      { allowed: ALLOWED_FROM.any, event: 'CONTACT_RECORDED', authorize: async (who, c) => ContactPolicy.authorize(who, 'record', c) },
      async (manager, c, basis) => {
        if (at < c.receivedAt) throw ContactErrors.BEFORE_APPLICATION('contact.at');
        if (input.letter) await this.letterAvailable(c, input.letter, 'contact.letter');
        const saved = await manager.save(
          manager.create(ContactRecord, { caseId: c.id, at, direction: input.direction, channel: input.channel, letter: input.letter ?? null, summary, byId: actor.userId }),
        );
        this.db.accessLog.write('Contact', saved.id, c.id, basis);
        this.loaders.contacts.byCase.clear(c.id);
        // The event says what kind of contact it was; the summary stays in the contact (personal data, logged when read).
        const how = `${input.direction.toLowerCase().replace('_', ' ')} by ${input.channel.toLowerCase().replace('_', ' ')}`;
        return { result: c, note: input.letter ? `${how}: ${input.letter} letter` : how };
      },
    );
    return this.views.viewThrough(actor, record.id);
  }

  /** The case's contacts the caller may see, oldest first (the newest MAX_CASE_CONTACTS). */
  async forCase(view: CaseReview): Promise<Contact[]> {
    if (!CaseReviewPolicy.seesHistory(view)) return [];
    const partnership = await this.loaders.partnerships.byId.load(view.record.partnershipId);
    if (!partnership) return [];
    return (await this.loaders.contacts.byCase.load(view.id)).slice(-MAX_CASE_CONTACTS).flatMap((record) => {
      const basis = ContactPolicy.basis(view, partnership.leadAgencyId, ContactPolicy.about(record.direction));
      return basis ? [contactView(record, basis)] : [];
    });
  }
}

/** A contact's summary, for a caller who reached the contact: the disclosure goes to the access log with its case. */
export function discloseContactSummary(contact: Contact, accessLog: AccessLogBuffer): string {
  accessLog.read('Contact', contact.id, contact.record.caseId, contact.basis);
  return contact.record.summary;
}
