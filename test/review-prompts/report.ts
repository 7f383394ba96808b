import type { AsbCategory, IncidentInput } from '../generated/graphql';

/** Who a report is about: a resident matched by name and date of birth (postcode optional). */
export type Resident = { name: string; dateOfBirth?: string | null; postcode?: string | null };

let counter = 0;

/**
 * One incident input: reported at `reportedAt` (ISO), occurred `occurredHoursBefore`
 * hours earlier (default 2), about `who`.
 */
export function report(
  who: Resident,
  reportedAt: string,
  opts: { reference?: string; category?: AsbCategory; summary?: string; location?: string; occurredHoursBefore?: number } = {},
): IncidentInput {
  counter += 1;
  const reported = new Date(reportedAt);
  return {
    reference: opts.reference ?? `R-${process.pid}-${counter}`,
    occurredAt: new Date(reported.getTime() - (opts.occurredHoursBefore ?? 2) * 3_600_000).toISOString(),
    reportedAt: reported.toISOString(),
    category: opts.category ?? 'NOISE',
    summary: opts.summary ?? 'Loud music late at night',
    location: opts.location ?? '1 Example Street',
    reporter: { kind: 'INDIVIDUAL', name: who.name, dateOfBirth: who.dateOfBirth ?? null, postcode: who.postcode ?? null, phone: null, email: null },
  };
}
