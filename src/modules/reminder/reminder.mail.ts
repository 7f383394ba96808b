import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Mail } from '../../common/mailer';
import type { DueItem, ReminderItem } from './reminder.items';

/** What each item asks of the person reminded, in words that name no one. */
const WHAT: Record<ReminderItem, string> = {
  ACKNOWLEDGEMENT: 'acknowledge the application (acknowledgement letter to the applicant)',
  THRESHOLD_DECISION: 'decide whether the case review threshold is met, and tell the applicant',
  PANEL: 'hold the review panel',
  OUTCOME: "send the applicant the panel's findings and recommendations (outcome letter)",
  SECONDARY_REVIEW_OUTCOME: "send the applicant the secondary review's findings and recommendations",
  UPDATE: 'update the victim, at the frequency they asked for',
  INFORMATION_REQUEST: "your agency's answer to an information request",
  RECOMMENDATION: "your agency's response to a recommendation (accept or decline with a reason, then complete it)",
};

const longDate = (date: string) => DateTime.fromISO(date, { zone: 'utc' }).setLocale('en-GB').toFormat('cccc d MMMM yyyy');

/**
 * One person's reminders of one day, as one email: each line a case reference,
 * what is due and when. Nothing else: no names, no addresses, no case content.
 */
export function reminderMail(recipient: { id: string; email: string }, items: readonly DueItem[], today: string): Mail {
  const lines = items.map((i) => `- ${i.reference}: ${WHAT[i.item]}, ${i.dueOn < today ? `overdue since ${longDate(i.dueOn)}` : `due ${i.dueOn === today ? 'today' : 'on'} ${longDate(i.dueOn)}`}.`);
  const overdue = items.filter((i) => i.dueOn < today).length;
  const subject =
    items.length === 1
      ? `ASB case review ${items[0].reference}: ${items[0].dueOn < today ? 'overdue' : 'due soon'}`
      : `ASB case reviews: ${items.length} items due soon${overdue ? ` (${overdue} overdue)` : ''}`;
  const text = [
    `Reminders for ${longDate(today)}:`,
    '',
    ...lines,
    '',
    'Open the ASB Case Review Hub to act. This email names case references only: the details are in the hub.',
  ].join('\n');
  const key = createHash('sha256').update([recipient.id, today, ...items.map((i) => `${i.item}:${i.itemId}`)].join('|')).digest('hex').slice(0, 32);
  return {
    to: recipient.email,
    subject,
    text,
    messageId: `<reminder-${key}@asb-case-review-hub.invalid>`,
    logSummary: { recipientId: recipient.id, on: today, items: items.map((i) => ({ reference: i.reference, item: i.item, dueOn: i.dueOn })) },
  };
}
