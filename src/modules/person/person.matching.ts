/*
 * How a person is recognised again within an agency (and how a case finds its
 * victim's records): the same normalised name, and the same date of birth or
 * the same postcode.
 */

/** Lower case, accents and punctuation dropped, hyphens as spaces, spaces collapsed: "Mary-Jane O'Brien " -> "mary jane obrien". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[-‐‑–—_.]+/g, ' ')
    .replace(/[^\p{L}\p{N} ]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Upper case without spaces: "me1 4aa" -> "ME14AA". */
export function normalisePostcode(postcode: string | null | undefined): string | null {
  if (!postcode) return null;
  const key = postcode.toUpperCase().replace(/\s+/g, '');
  return key.length > 0 ? key : null;
}

export type MatchablePerson = { nameKey: string; dateOfBirth: string | null; postcodeKey: string | null };

/** Same name, and the same date of birth or postcode (a missing value never matches). */
export function samePerson(a: MatchablePerson, b: MatchablePerson): boolean {
  if (a.nameKey !== b.nameKey) return false;
  return (!!a.dateOfBirth && a.dateOfBirth === b.dateOfBirth) || (!!a.postcodeKey && a.postcodeKey === b.postcodeKey);
}
