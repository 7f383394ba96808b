import { Any, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { checkId, isUniqueViolation } from '../../common/ids';
import type { RequestDb } from '../../database/request-db';
import type { RecordedBasis } from '../access-log/lawful-basis';
import type { AgencyService } from '../agency/agency.service';
import { Role } from '../user/role';
import type { UserLoaders } from '../user/user.loaders';
import { PartnershipIndependentChair } from './independent-chair.entity';
import { PartnershipAgency } from './partnership-agency.entity';
import { MAX_PARTNERSHIP_AGENCIES, MAX_PARTNERSHIPS_LISTED, Partnership } from './partnership.entity';
import { PartnershipErrors } from './partnership.errors';
import type { CreatePartnershipInput } from './partnership.inputs';
import type { PartnershipLoaders } from './partnership.loaders';
import { PartnershipPolicy } from './partnership.policy';
import { MAX_HOW_TO_APPLY } from './how-to-apply';
import { TIMESCALE_ORDER, type TimescalesInput } from './timescales';
import { DEFAULT_THRESHOLD_RULES, type ThresholdRule } from './threshold-rule';

/** What the partnership knows of a user proposed for a seat on one of its panels (PanelPolicy.seatRefusal decides). */
export type SeatCandidate = { roles: readonly string[]; ofPartnershipAgency: boolean; independentChair: boolean };

/** Creates partnerships, manages their member agencies, and lists them to those who may see them. */
export class PartnershipService {
  constructor(
    private readonly db: RequestDb,
    private readonly loaders: { partnerships: PartnershipLoaders; users: UserLoaders },
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
    await this.db.transaction(async (manager) => {
      const [{ n }]: { n: number }[] = await manager.query(
        'SELECT count(*)::int AS n FROM partnership_agency WHERE partnership_id = $1 AND agency_id <> $2',
        [partnershipId, agencyId],
      );
      if (n >= MAX_PARTNERSHIP_AGENCIES) throw PartnershipErrors.TOO_MANY_AGENCIES('agencyId');
      await manager
        .createQueryBuilder()
        .insert()
        .into(PartnershipAgency)
        .values({ partnershipId, agencyId })
        .orIgnore()
        .execute();
    });
    this.loaders.partnerships.agencyIds.clear(partnershipId);
    return partnership;
  }

  /** Sets the partnership's text on how to apply (prompts and the online form show it). NOT_FOUND for one the caller may not see, FORBIDDEN for one they see but may not change. */
  async setHowToApply(actor: Actor, partnershipIdArg: string, textArg: string): Promise<Partnership> {
    const partnershipId = checkId(partnershipIdArg, 'partnershipId');
    const basis = PartnershipPolicy.authorize(actor, 'setProcedure', partnershipId, 'partnershipId');
    const text = textArg.trim();
    if (!text || text.length > MAX_HOW_TO_APPLY) throw PartnershipErrors.BAD_HOW_TO_APPLY('text');
    const partnership = await this.loaders.partnerships.byId.load(partnershipId);
    if (!partnership) throw PartnershipErrors.NOT_FOUND('partnershipId');
    return this.update(partnershipId, partnership, { howToApply: text }, basis);
  }

  /**
   * Sets the partnership's working-day targets (each case's milestones follow
   * them); each step's target is no earlier than the one before it.
   */
  async setTimescales(actor: Actor, partnershipIdArg: string, input: TimescalesInput): Promise<Partnership> {
    const partnershipId = checkId(partnershipIdArg, 'partnershipId');
    const basis = PartnershipPolicy.authorize(actor, 'setProcedure', partnershipId, 'partnershipId');
    TIMESCALE_ORDER.forEach((name, i) => {
      if (i > 0 && input[name] < input[TIMESCALE_ORDER[i - 1]]) throw PartnershipErrors.TIMESCALES_OUT_OF_ORDER(`timescales.${name}`);
    });
    const partnership = await this.loaders.partnerships.byId.load(partnershipId);
    if (!partnership) throw PartnershipErrors.NOT_FOUND('partnershipId');
    return this.update(partnershipId, partnership, {
      acknowledgeWorkingDays: input.acknowledgeWorkingDays,
      thresholdDecisionWorkingDays: input.thresholdDecisionWorkingDays,
      panelWorkingDays: input.panelWorkingDays,
      responseWorkingDays: input.outcomeWorkingDays,
    }, basis);
  }

  private async update(partnershipId: string, partnership: Partnership, patch: Partial<Partnership>, basis: RecordedBasis): Promise<Partnership> {
    await this.db.transaction((manager) => manager.update(Partnership, { id: partnershipId }, patch));
    this.db.accessLog.write('Partnership', partnershipId, null, basis);
    const updated = Object.assign(new Partnership(), partnership, patch);
    this.loaders.partnerships.byId.clear(partnershipId).prime(partnershipId, updated);
    return updated;
  }

  /**
   * Registers a user of an agency outside the partnership as one who may chair
   * its panels (and only chair: PanelPolicy.seatRefusal). Registering one
   * already registered changes nothing.
   */
  async addIndependentChair(actor: Actor, partnershipIdArg: string, userIdArg: string): Promise<Partnership> {
    const basis = PartnershipPolicy.authorize(actor, 'manage');
    const partnershipId = checkId(partnershipIdArg, 'partnershipId');
    const userId = checkId(userIdArg, 'userId');
    const partnership = await this.loaders.partnerships.byId.load(partnershipId);
    if (!partnership) throw PartnershipErrors.NOT_FOUND('partnershipId');
    const user = await this.loaders.users.byId.load(userId);
    if (!user) throw PartnershipErrors.USER_NOT_FOUND('userId');
    if (!user.roles.includes(Role.PANEL_MEMBER)) throw PartnershipErrors.CHAIR_NOT_PANEL_MEMBER('userId');
    await this.db.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(PartnershipIndependentChair)
        .values({ partnershipId, userId, addedById: actor.userId })
        .orIgnore()
        .execute();
      this.db.accessLog.write('PartnershipIndependentChair', userId, null, basis);
    });
    return partnership;
  }

  /**
   * What the partnership knows of these users, for a panel seat: their roles,
   * whether their agency is one of the partnership's, and whether they are its
   * registered independent chairs. Users that do not exist are left out.
   */
  async seatCandidates(manager: EntityManager, partnershipId: string, userIds: readonly string[]): Promise<Map<string, SeatCandidate>> {
    const rows: { id: string; roles: string[]; of_partnership_agency: boolean; independent_chair: boolean }[] = await manager.query(
      `SELECT u.id, u.roles::text[] AS roles,
              EXISTS (SELECT 1 FROM partnership_agency pa WHERE pa.partnership_id = $2 AND pa.agency_id = u.agency_id) AS of_partnership_agency,
              EXISTS (SELECT 1 FROM partnership_independent_chair x WHERE x.partnership_id = $2 AND x.user_id = u.id) AS independent_chair
         FROM app_user u WHERE u.id = ANY ($1::uuid[])`,
      [[...new Set(userIds)], partnershipId],
    );
    return new Map(rows.map((r) => [r.id, { roles: r.roles, ofPartnershipAgency: r.of_partnership_agency, independentChair: r.independent_chair }]));
  }

  async list(actor: Actor): Promise<Partnership[]> {
    const ids = PartnershipPolicy.visibleIds(actor);
    const manager = await this.db.manager();
    if (ids === 'all') return manager.find(Partnership, { order: { code: 'ASC' }, take: MAX_PARTNERSHIPS_LISTED });
    if (ids.length === 0) return [];
    return manager.find(Partnership, { where: { id: Any([...ids]) }, order: { code: 'ASC' }, take: MAX_PARTNERSHIPS_LISTED });
  }

  /** A partnership the caller may see; NOT_FOUND, exactly as for a missing one, otherwise. */
  /**
   * The partnership with this code (any case), for its public pages: a partnership's
   * code and name are published, so no caller is needed. Null when there is none.
   */
  async withCode(code: string): Promise<Partnership | null> {
    if (code.length > 100) return null;
    return (await this.db.manager()).findOneBy(Partnership, { code: code.toUpperCase() });
  }

  async get(actor: Actor, idArg: string, field = 'id'): Promise<Partnership> {
    const id = checkId(idArg, field);
    PartnershipPolicy.authorize(actor, 'see', id, field);
    const partnership = await this.loaders.partnerships.byId.load(id);
    if (!partnership) throw PartnershipErrors.NOT_FOUND(field);
    return partnership;
  }
}
