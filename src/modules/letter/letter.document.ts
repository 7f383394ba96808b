import { DateTime } from 'luxon';
import type { LetterKind } from './letter-kind';

/**
 * A letter in its parts, before it is text or PDF: the PDF sets the parts out
 * on the page, the text joins them in the same order, so the two say the same.
 */
export type LetterDocument = {
  kind: LetterKind;
  reference: string;
  partnershipName: string;
  /** The partnership's address and contact lines, under its name. */
  letterhead: string[];
  date: string;
  /** The applicant's name and postal address, as far as the case has them. */
  recipient: string[];
  salutation: string;
  title: string;
  /** Paragraphs separated by blank lines; lines starting "- " are list items. */
  body: string;
  closing: string[];
};

export function letterText(d: LetterDocument): string {
  return [
    d.partnershipName,
    ...d.letterhead,
    '',
    d.date,
    `Our reference: ${d.reference}`,
    '',
    ...(d.recipient.length > 0 ? [...d.recipient, ''] : []),
    d.salutation,
    '',
    d.title,
    '',
    d.body,
    '',
    'Yours sincerely,',
    '',
    ...d.closing,
  ].join('\n');
}

/** A calendar date (YYYY-MM-DD) as a letter writes it: 2 March 2026. */
export function letterDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).setLocale('en-GB').toFormat('d MMMM yyyy');
}

/** Free text split into the lines it was typed as (addresses, letterheads), blank ones dropped. */
export function textLines(text: string | null | undefined): string[] {
  return (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}
