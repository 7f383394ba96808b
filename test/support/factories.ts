import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AgencyKind } from '../../src/modules/agency/agency-kind';
import { Agency } from '../../src/modules/agency/agency.entity';
import { PartnershipAgency } from '../../src/modules/partnership/partnership-agency.entity';
import { Partnership } from '../../src/modules/partnership/partnership.entity';
import { DEFAULT_THRESHOLD_RULES } from '../../src/modules/partnership/threshold-rule';
import { Role } from '../../src/modules/user/role';
import { User } from '../../src/modules/user/user.entity';

/*
 * Factories in the Outline manner: each builds exactly what a test needs, with
 * unique codes and emails, so tests share one database without truncating it.
 */

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`.toUpperCase();

export function buildAgency(ds: DataSource, overrides: Partial<Agency> = {}): Promise<Agency> {
  return ds.manager.save(
    ds.manager.create(Agency, { code: unique('AGENCY'), name: 'Test agency', kind: AgencyKind.OTHER, ...overrides }),
  );
}

export async function buildPartnership(
  ds: DataSource,
  opts: { lead?: Agency; members?: Agency[] } & Partial<Partnership> = {},
): Promise<Partnership> {
  const { lead: givenLead, members = [], ...overrides } = opts;
  const lead = givenLead ?? (await buildAgency(ds, { kind: AgencyKind.COUNCIL }));
  const partnership = await ds.manager.save(
    ds.manager.create(Partnership, {
      code: unique('CSP'),
      name: 'Test partnership',
      leadAgencyId: lead.id,
      thresholdRules: DEFAULT_THRESHOLD_RULES,
      responseWorkingDays: 25,
      ...overrides,
    }),
  );
  const agencyIds = [...new Set([lead.id, ...members.map((m) => m.id)])];
  await ds.manager.insert(
    PartnershipAgency,
    agencyIds.map((agencyId) => ({ partnershipId: partnership.id, agencyId })),
  );
  return partnership;
}

export async function buildUser(
  ds: DataSource,
  opts: { agency?: Agency; roles?: Role[]; email?: string; displayName?: string } = {},
): Promise<User> {
  const agency = opts.agency ?? (await buildAgency(ds));
  return ds.manager.save(
    ds.manager.create(User, {
      email: (opts.email ?? `${unique('user')}@example.test`).toLowerCase(),
      displayName: opts.displayName ?? 'Test User',
      agencyId: agency.id,
      roles: opts.roles ?? [Role.CONTRIBUTOR],
    }),
  );
}
