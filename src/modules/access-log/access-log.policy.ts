import { hasRole, type Actor } from '../../common/actor';
import { CommonErrors } from '../../common/errors';
import { Role } from '../user/role';

/** The access log is the data protection officer's: auditors read and verify it, and see no case data. */
export const AccessLogPolicy = {
  canAudit: (actor: Actor): boolean => hasRole(actor, Role.AUDITOR),

  /** Throws FORBIDDEN unless the caller may 'audit' (read and verify the log). */
  authorize: (actor: Actor, action: 'audit'): void => {
    if (action === 'audit' && AccessLogPolicy.canAudit(actor)) return;
    throw CommonErrors.FORBIDDEN();
  },
};
