import type { DataSource } from 'typeorm';
import type { AsbCategory, IncidentInput, PersonInput } from '../generated/graphql';
import { AgencyKind } from '../../src/modules/agency/agency-kind';
import type { Agency } from '../../src/modules/agency/agency.entity';
import type { Partnership } from '../../src/modules/partnership/partnership.entity';
import type { ThresholdRule } from '../../src/modules/partnership/threshold-rule';
import { Role } from '../../src/modules/user/role';
import type { User } from '../../src/modules/user/user.entity';
import { buildAgency, buildPartnership, buildUser, unique } from './factories';
import type { TestHub } from './hub';

type Person = { user: User; token: string };

/**
 * A partnership of its own for one test: council (lead, with the CST), police,
 * two housing providers, and one user for every part of a case review.
 */
export type World = {
  partnership: Partnership;
  council: Agency;
  police: Agency;
  housing: Agency;
  housing2: Agency;
  outsider: Agency;
  cst: Person;
  policeContributor: Person;
  housingContributor: Person;
  councilContributor: Person;
  policeResponder: Person;
  housingResponder: Person;
  councilResponder: Person;
  chair: Person;
  policePanelMember: Person;
  housingPanelMember: Person;
  auditor: Person;
  admin: Person;
  /** A CST officer of another partnership. */
  otherCst: Person;
};

export async function buildWorld(hub: TestHub, opts: { rules?: ThresholdRule[]; responseWorkingDays?: number } = {}): Promise<World> {
  const ds: DataSource = hub.dataSource;
  const council = await buildAgency(ds, { code: unique('COUNCIL'), name: 'Medway Council', kind: AgencyKind.COUNCIL });
  const police = await buildAgency(ds, { code: unique('POLICE'), name: 'Kent Police', kind: AgencyKind.POLICE });
  const housing = await buildAgency(ds, { code: unique('HOUSING'), name: 'Moat Homes', kind: AgencyKind.HOUSING_PROVIDER });
  const housing2 = await buildAgency(ds, { code: unique('HOUSING'), name: 'Clarion', kind: AgencyKind.HOUSING_PROVIDER });
  const outsider = await buildAgency(ds, { code: unique('INDEPENDENT'), name: 'Independent chairs', kind: AgencyKind.OTHER });
  const partnership = await buildPartnership(ds, {
    lead: council,
    members: [police, housing, housing2],
    ...(opts.rules ? { thresholdRules: opts.rules } : {}),
    ...(opts.responseWorkingDays ? { responseWorkingDays: opts.responseWorkingDays } : {}),
  });
  const person = async (agency: Agency, roles: Role[], displayName: string): Promise<Person> => {
    const user = await buildUser(ds, { agency, roles, displayName });
    return { user, token: await hub.tokenFor(user.email) };
  };
  const otherPartnership = await buildPartnership(ds);
  const otherLead = await ds.query('SELECT lead_agency_id FROM partnership WHERE id = $1', [otherPartnership.id]);
  const world: World = {
    partnership,
    council,
    police,
    housing,
    housing2,
    outsider,
    cst: await person(council, [Role.CST_OFFICER], 'CST officer'),
    policeContributor: await person(police, [Role.CONTRIBUTOR], 'Police records'),
    housingContributor: await person(housing, [Role.CONTRIBUTOR], 'Housing records'),
    councilContributor: await person(council, [Role.CONTRIBUTOR], 'Council records'),
    policeResponder: await person(police, [Role.RESPONDER], 'Police responder'),
    housingResponder: await person(housing, [Role.RESPONDER], 'Housing responder'),
    councilResponder: await person(council, [Role.RESPONDER], 'Council responder'),
    chair: await person(outsider, [Role.PANEL_MEMBER], 'Independent chair'),
    policePanelMember: await person(police, [Role.PANEL_MEMBER], 'Police inspector'),
    housingPanelMember: await person(housing, [Role.PANEL_MEMBER], 'Housing manager'),
    auditor: await person(council, [Role.AUDITOR], 'Auditor'),
    admin: await person(outsider, [Role.ADMIN], 'Admin'),
    otherCst: await person({ id: otherLead[0].lead_agency_id } as Agency, [Role.CST_OFFICER], 'Other CST'),
  };
  // The chair's agency is not of the partnership: the administrator registered them to chair its panels.
  await ds.query('INSERT INTO partnership_independent_chair (partnership_id, user_id, added_by_id) VALUES ($1, $2, $3)', [
    partnership.id,
    world.chair.user.id,
    world.admin.user.id,
  ]);
  return world;
}

/** An application on the victim's behalf, received `receivedAt`, by phone. */
export function application(world: World, overrides: Record<string, unknown> = {}) {
  return {
    partnershipId: world.partnership.id,
    receivedAt: '2026-03-02T10:00:00Z',
    channel: 'PHONE' as const,
    applicant: { kind: 'INDIVIDUAL' as const, name: 'Sam Carer', phone: '01634 000000' },
    relationship: 'CARER' as const,
    victim: { kind: 'INDIVIDUAL' as const, name: 'Alex Victim', dateOfBirth: '1950-05-05', postcode: 'ME4 4TR', address: '1 Quiet Road' },
    consentGivenAt: '2026-03-01T09:00:00Z',
    reportedIncidents: [
      { occurredOn: '2026-01-10', reportedToOrganisation: 'Kent Police', reportedToReference: 'KP-1', details: 'Shouting at night' },
      { occurredOn: '2026-02-01', reportedToOrganisation: 'Moat Homes', reportedToName: 'J. Officer', details: 'Bins set alight' },
    ],
    ...overrides,
  };
}

/** An incident input whose reporter is the world's standard victim. */
export function victimIncident(reference: string, occurredAt: string, reportedAt: string, category: AsbCategory = 'NOISE', reporter?: PersonInput): IncidentInput {
  return {
    reference,
    occurredAt,
    reportedAt,
    category,
    summary: `Incident ${reference} at the victim's home`,
    location: '1 Quiet Road',
    reporter: reporter ?? { kind: 'INDIVIDUAL', name: 'Alex Victim', dateOfBirth: '1950-05-05', postcode: 'ME4 4TR' },
  };
}

/**
 * A police and crime commissioner's office (a POLICING_BODY agency) joined to the
 * partnership, with one OVERSIGHT user: the partnership's oversight body.
 */
export async function addOversightOffice(hub: TestHub, partnershipId: string, displayName = 'PCC office'): Promise<Person & { agency: Agency }> {
  const agency = await buildAgency(hub.dataSource, { code: unique('PCC'), name: 'Office of the Police and Crime Commissioner', kind: AgencyKind.POLICING_BODY });
  await hub.dataSource.query('INSERT INTO partnership_agency (partnership_id, agency_id) VALUES ($1, $2)', [partnershipId, agency.id]);
  const user = await buildUser(hub.dataSource, { agency, roles: [Role.OVERSIGHT], displayName });
  return { user, token: await hub.tokenFor(user.email), agency };
}
