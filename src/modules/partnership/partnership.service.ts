import { Any } from 'typeorm';
import type { Actor } from '../../common/actor';
import { checkId, isUniqueViolation } from '../../common/ids';
import type { RequestDb } from '../../database/request-db';
import type { AgencyService } from '../agency/agency.service';
import { PartnershipAgency } from './partnership-agency.entity';
import { Partnership } from './partnership.entity';
import { PartnershipErrors } from './partnership.errors';
import type { CreatePartnershipInput } from './partnership.inputs';
import type { PartnershipLoaders } from './partnership.loaders';
import { PartnershipPolicy } from './partnership.policy';
import { DEFAULT_THRESHOLD_RULES, type ThresholdRule } from './threshold-rule';

/** Creates partnerships, manages their member agencies, and lists them to those who may see them. */
export class PartnershipService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { partnerships: PartnershipLoaders },
    private readonly agencies: AgencyService,
  ) {}

  async create(actor: Actor, input: CreatePartnershipInput): Promise<Partnership> {
    PartnershipPolicy.authorize(actor, 'manage');
    const leadAgencyId = checkId(input.leadAgencyId, 'input.leadAgencyId');
    const rules: ThresholdRule[] = (input.thresholdRules ?? DEFAULT_THRESHOLD_RULES).map((r) => ({
      minReports: r.minReports,
      windowMonths: r.windowMonths,
      reportWithinMonths: r.reportWithinMonths,
      minDistinctReporters: r.minDistinctReporters,
      categories: [...r.categories],
    }));
    if (rules.length === 0) throw PartnershipErrors.NO_RULES('input.thresholdRules');
    await this.agencies.requireForAdmin(leadAgencyId, 'input.leadAgencyId');
    return this.db.transaction(async (manager) => {
      let partnership: Partnership;
      try {
        partnership = await manager.save(
          manager.create(Partnership, {
            code: input.code,
            name: input.name.trim(),
            leadAgencyId,
            thresholdRules: rules,
            responseWorkingDays: input.responseWorkingDays ?? 25,
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw PartnershipErrors.CODE_TAKEN('input.code');
        throw error;
      }
      // The lead agency is always one of the partnership's agencies.
      await manager.insert(PartnershipAgency, { partnershipId: partnership.id, agencyId: leadAgencyId });
      return partnership;
    });
  }

  /** Adds an agency to a partnership; adding one already there changes nothing. */
  async addAgency(actor: Actor, partnershipIdArg: string, agencyIdArg: string): Promise<Partnership> {
    PartnershipPolicy.authorize(actor, 'manage');
    const partnershipId = checkId(partnershipIdArg, 'partnershipId');
    const agencyId = checkId(agencyIdArg, 'agencyId');
    const partnership = await this.loaders.partnerships.byId.load(partnershipId);
    if (!partnership) throw PartnershipErrors.NOT_FOUND('partnershipId');
    await this.agencies.requireForAdmin(agencyId, 'agencyId');
    await this.db.transaction((manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(PartnershipAgency)
        .values({ partnershipId, agencyId })
        .orIgnore()
        .execute(),
    );
    this.loaders.partnerships.agencyIds.clear(partnershipId);
    return partnership;
  }

  async list(actor: Actor): Promise<Partnership[]> {
    const ids = PartnershipPolicy.visibleIds(actor);
    const manager = await this.db.manager();
    if (ids === 'all') return manager.find(Partnership, { order: { code: 'ASC' } });
    if (ids.length === 0) return [];
    return manager.find(Partnership, { where: { id: Any([...ids]) }, order: { code: 'ASC' } });
  }

  /** A partnership the caller may see; NOT_FOUND, exactly as for a missing one, otherwise. */
  async get(actor: Actor, idArg: string, field = 'id'): Promise<Partnership> {
    const id = checkId(idArg, field);
    PartnershipPolicy.authorize(actor, 'see', id, field);
    const partnership = await this.loaders.partnerships.byId.load(id);
    if (!partnership) throw PartnershipErrors.NOT_FOUND(field);
    return partnership;
  }
}
