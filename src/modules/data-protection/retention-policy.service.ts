import type { Actor } from '../../common/actor';
import { checkId } from '../../common/ids';
import type { RequestDb } from '../../database/request-db';
import type { Partnership } from '../partnership/partnership.entity';
import type { PartnershipLoaders } from '../partnership/partnership.loaders';
import type { RetentionPolicyLoaders } from './data-protection.loaders';
import { DataProtectionErrors } from './data-protection.errors';
import { DataProtectionPolicy } from './data-protection.policy';
import type { RetentionPolicy, RetentionPolicyInput } from './data-protection.types';
import { DEFAULT_CASE_YEARS, DEFAULT_INCIDENT_YEARS, MAX_RETENTION_YEARS, MIN_RETENTION_YEARS, RetentionPolicyRecord } from './retention-policy.entity';

/** How long each partnership keeps personal data: read by whoever sees the partnership, set by its administrators and lead agency's officer. */
export class RetentionPolicyService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { partnerships: PartnershipLoaders; retentionPolicies: RetentionPolicyLoaders },
  ) {}

  /** The partnership's policy, or DOMAIN.md's defaults while it has none. */
  async of(partnership: Partnership): Promise<RetentionPolicy> {
    const row = await this.loaders.retentionPolicies.byPartnership.load(partnership.id);
    return { caseYears: row?.caseYears ?? DEFAULT_CASE_YEARS, incidentYears: row?.incidentYears ?? DEFAULT_INCIDENT_YEARS };
  }

  async set(actor: Actor, partnershipIdArg: string, policy: RetentionPolicyInput): Promise<Partnership> {
    const partnershipId = checkId(partnershipIdArg, 'partnershipId');
    const basis = DataProtectionPolicy.authorize(actor, 'setRetention', partnershipId);
    for (const field of ['caseYears', 'incidentYears'] as const) {
      const years = policy[field];
      if (!Number.isInteger(years) || years < MIN_RETENTION_YEARS || years > MAX_RETENTION_YEARS) throw DataProtectionErrors.BAD_YEARS(`policy.${field}`);
    }
    const partnership = await this.loaders.partnerships.byId.load(partnershipId);
    if (!partnership) throw DataProtectionErrors.PARTNERSHIP_NOT_FOUND('partnershipId');
    await this.db.transaction((manager) =>
      manager.upsert(
        RetentionPolicyRecord,
        { partnershipId, caseYears: policy.caseYears, incidentYears: policy.incidentYears, updatedById: actor.userId, updatedAt: new Date() },
        ['partnershipId'],
      ),
    );
    this.db.accessLog.write('RetentionPolicy', partnershipId, null, basis);
    this.loaders.retentionPolicies.byPartnership.clear(partnershipId);
    return partnership;
  }
}
