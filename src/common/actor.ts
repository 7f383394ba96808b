import type { AgencyKind } from '../modules/agency/agency-kind';
import { Role } from '../modules/user/role';

/**
 * The caller, as the hub's own records describe them: identity comes from the
 * token's subject (an email); agency, roles and partnerships from the database.
 */
export type Actor = {
  userId: string;
  email: string;
  agencyId: string;
  /** What the caller's agency is (a policing body's OVERSIGHT users oversee its partnerships). */
  agencyKind: AgencyKind;
  roles: ReadonlySet<Role>;
  /** Partnerships the caller's agency belongs to. */
  partnershipIds: readonly string[];
  /** Partnerships whose lead agency is the caller's agency (where a CST_OFFICER acts). */
  leadPartnershipIds: readonly string[];
};

export function hasRole(actor: Actor | null | undefined, role: Role): boolean {
  return !!actor && actor.roles.has(role);
}

/** An administrator of the hub (manages agencies, partnerships and users; sees no personal data). */
export function isAdmin(actor: Actor | null | undefined): boolean {
  return hasRole(actor, Role.ADMIN);
}
