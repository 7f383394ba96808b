import { hasRole, type Actor } from '../../common/actor';
import { Role } from '../user/role';

/** The access log is the data protection officer's: auditors read and verify it, and see no case data. */
export const AccessLogPolicy = {
  canAudit: (actor: Actor): boolean => hasRole(actor, Role.AUDITOR),
};
