import type { Actor } from '../../common/actor';
import { isUniqueViolation } from '../../common/ids';
import type { RequestDb } from '../../database/request-db';
import { MAX_AGENCIES_LISTED, Agency } from './agency.entity';
import { AgencyErrors } from './agency.errors';
import type { CreateAgencyInput } from './agency.inputs';
import type { AgencyLoaders } from './agency.loaders';
import { AgencyPolicy } from './agency.policy';

/** Creates and lists agencies. */
export class AgencyService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { agencies: AgencyLoaders },
  ) {}

  async create(actor: Actor, input: CreateAgencyInput): Promise<Agency> {
    AgencyPolicy.authorize(actor, 'manage');
    return this.db.transaction(async (manager) => {
      try {
        const agency = manager.create(Agency, { code: input.code, name: input.name.trim(), kind: input.kind });
        return await manager.save(agency);
      } catch (error) {
        if (isUniqueViolation(error)) throw AgencyErrors.CODE_TAKEN('input.code');
        throw error;
      }
    });
  }

  async list(actor: Actor): Promise<Agency[]> {
    const scope = AgencyPolicy.visibility(actor);
    const manager = await this.db.manager();
    const query = manager.createQueryBuilder(Agency, 'a').orderBy('a.code').limit(MAX_AGENCIES_LISTED);
    if (!scope.all) {
      query.where(
        'a.id = :agencyId OR a.id IN (SELECT pa.agency_id FROM partnership_agency pa WHERE pa.partnership_id = ANY(:partnershipIds::uuid[]))',
        { agencyId: scope.agencyId, partnershipIds: scope.partnershipIds },
      );
    }
    return query.getMany();
  }

  /** An agency by id for an administrator's operation; NOT_FOUND names the argument. */
  async requireForAdmin(id: string, field: string): Promise<Agency> {
    const agency = await this.loaders.agencies.byId.load(id);
    if (!agency) throw AgencyErrors.NOT_FOUND(field);
    return agency;
  }
}
