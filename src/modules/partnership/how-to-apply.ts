import type { Partnership } from './partnership.entity';

/** Longest howToApply text a partnership may set. */
export const MAX_HOW_TO_APPLY = 2000;

/**
 * The partnership's text on how to apply, or (until the partnership sets its
 * own) a plain-language default naming every way to apply, with the online
 * form's address on the hub.
 */
export function howToApplyText(partnership: Pick<Partnership, 'code' | 'name' | 'howToApply' | 'responseWorkingDays'>): string {
  if (partnership.howToApply) return partnership.howToApply;
  return (
    `If you have reported anti-social behaviour and feel nothing has changed, you can ask ${partnership.name} for an ASB case review. ` +
    `Apply online at /partnerships/${encodeURIComponent(partnership.code)}/apply, or contact the Community Safety Team by phone, email, post or in person. ` +
    `Someone can apply on your behalf (a family member, friend, carer, councillor, MP or professional) with your consent. ` +
    `The agencies will look at your reports together and tell you within ${partnership.responseWorkingDays} working days what they found.`
  );
}
