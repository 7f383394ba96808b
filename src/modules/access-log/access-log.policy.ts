import { hasRole, type Actor } from '../../common/actor';
import { CommonErrors } from '../../common/errors';
import { Role } from '../user/role';

/** The access log is the auditors': they read and verify it, and see no case data. (A data protection officer reads the entries about their subject in a subject access export.) */
export const AccessLogPolicy = {
  canAudit: (actor: Actor): boolean => hasRole(actor, Role.AUDITOR),

  /** Throws FORBIDDEN unless the caller may 'audit' (read and verify the log). */
  authorize: (actor: Actor, action: 'audit'): void => {
    if (action === 'audit' && AccessLogPolicy.canAudit(actor)) return;
    throw CommonErrors.FORBIDDEN();
  },
  /**
   * The partnerships whose entries an auditor reads: those their agency belongs
   * to. An entry about a case is theirs when the case is of one of these; an
   * entry about no case when its actor is a user of one of these partnerships'
   * agencies (the access_log_read policy says the same).
   */
  auditedPartnershipIds: (actor: Actor): readonly string[] => (hasRole(actor, Role.AUDITOR) ? actor.partnershipIds : []),

  /** The SQL condition on an entry `l` for those partnerships (`partnershipIds`: the placeholder of a uuid[] parameter). */
  entryInScope: (partnershipIds: string): string => `CASE WHEN l.case_id IS NOT NULL
      THEN EXISTS (SELECT 1 FROM hub_case_scope c WHERE c.case_id = l.case_id AND c.partnership_id = ANY (${partnershipIds}))
      ELSE EXISTS (SELECT 1 FROM app_user u JOIN partnership_agency pa ON pa.agency_id = u.agency_id
                    WHERE u.id = l.actor_id AND pa.partnership_id = ANY (${partnershipIds}))
    END`,
};
