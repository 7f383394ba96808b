import { randomUUID } from 'node:crypto';
import type { AsbCategory, IncidentInput } from '../generated/graphql';

export type IncidentInputShape = IncidentInput;

const CATEGORIES: AsbCategory[] = ['NOISE', 'VANDALISM', 'INTIMIDATION_HARASSMENT', 'DRUGS', 'NEIGHBOUR_NUISANCE'];

/** n valid incident inputs with unique references; reporters cycle over `reporters` distinct people. */
export function incidentBatch(n: number, opts: { prefix?: string; reporters?: number; base?: Date } = {}): IncidentInputShape[] {
  const prefix = opts.prefix ?? `REF-${randomUUID().slice(0, 8)}`;
  const base = opts.base ?? new Date('2026-06-01T12:00:00Z');
  const reporters = opts.reporters ?? 50;
  return Array.from({ length: n }, (_, i) => {
    const occurred = new Date(base.getTime() - i * 3_600_000);
    const person = i % reporters;
    return {
      reference: `${prefix}-${String(i).padStart(5, '0')}`,
      occurredAt: occurred.toISOString(),
      reportedAt: new Date(occurred.getTime() + 1_800_000).toISOString(),
      category: CATEGORIES[i % CATEGORIES.length],
      summary: `Report ${i}: loud music and shouting late at night`,
      location: `${i} Example Street`,
      reporter: {
        kind: 'INDIVIDUAL',
        name: `Resident ${person}`,
        dateOfBirth: `19${String(50 + (person % 49)).padStart(2, '0')}-0${1 + (person % 9)}-1${person % 10}`,
        postcode: `ME${1 + (person % 20)} ${person % 10}AA`,
        phone: null,
        email: null,
      },
    };
  });
}
