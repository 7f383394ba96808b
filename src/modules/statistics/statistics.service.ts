import type { Actor } from '../../common/actor';
import { hasRole } from '../../common/actor';
import type { RequestDb } from '../../database/request-db';
import type { PartnershipService } from '../partnership/partnership.service';
import { PartnershipErrors } from '../partnership/partnership.errors';
import { Role } from '../user/role';
import { periodsBetween, type Period, type PeriodKind } from './periods';
import { statutoryFigures } from './statistics.figures';
import { StatisticsErrors } from './statistics.errors';
import type { PeriodStatistics } from './statistics.types';

/** First year of ASB case reviews (the 2014 Act); earlier years can hold no application. */
export const FIRST_YEAR = 2014;

/** The statutory yearly figures of a partnership. */
export class StatisticsService {
  constructor(
    private readonly db: RequestDb,
    private readonly partnerships: PartnershipService,
  ) {}

  /** Public figures (no personal data): for any user of the partnership's agencies, and administrators. */
  async forPartnership(actor: Actor, partnershipId: string, kind: PeriodKind, fromYear: number, toYear: number): Promise<PeriodStatistics[]> {
    const partnership = await this.partnerships.get(actor, partnershipId, 'partnershipId');
    if (!hasRole(actor, Role.ADMIN) && !actor.partnershipIds.includes(partnership.id)) throw PartnershipErrors.NOT_FOUND('partnershipId');
    return statutoryFigures(await this.db.manager(), partnership.id, checkedPeriods(kind, fromYear, toYear));
  }
}

/** The periods asked for, or BAD_USER_INPUT naming fromYear. */
export function checkedPeriods(kind: PeriodKind, fromYear: number, toYear: number): Period[] {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear < FIRST_YEAR - 1 || toYear > 2200) throw StatisticsErrors.BAD_YEARS('fromYear');
  try {
    return periodsBetween(kind, fromYear, toYear);
  } catch {
    throw StatisticsErrors.BAD_YEARS('fromYear');
  }
}
