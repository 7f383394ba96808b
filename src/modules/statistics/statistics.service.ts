import type { Actor } from '../../common/actor';
import { checkId } from '../../common/ids';
import type { RequestDb } from '../../database/request-db';
import type { Partnership } from '../partnership/partnership.entity';
import type { PartnershipService } from '../partnership/partnership.service';
import { periodsBetween, type Period, type PeriodKind } from './periods';
import { periodReturns } from './statistics.figures';
import { StatisticsErrors } from './statistics.errors';
import { StatisticsPolicy } from './statistics.policy';
import type { PeriodReturn } from './statistics.types';

/** First year of ASB case reviews (the 2014 Act); earlier years can hold no application. */
export const FIRST_YEAR = 2014;

/** A partnership's published figures: the four statutory ones and the rest of the yearly return. */
export class StatisticsService {
  constructor(
    private readonly db: RequestDb,
    private readonly partnerships: PartnershipService,
  ) {}

  /** The statutory figures (caseReviewStatistics; the return's first four and its victims told): StatisticsPolicy.readsStatistics. */
  forPartnership(actor: Actor, partnershipId: string, kind: PeriodKind, fromYear: number, toYear: number): Promise<PeriodReturn[]> {
    return this.figures(actor, 'statistics', partnershipId, kind, fromYear, toYear);
  }

  /** The yearly return (caseReviewReturn): StatisticsPolicy.readsReturn. */
  returnFor(actor: Actor, partnershipId: string, kind: PeriodKind, fromYear: number, toYear: number): Promise<PeriodReturn[]> {
    return this.figures(actor, 'return', partnershipId, kind, fromYear, toYear);
  }

  /**
   * The return as the partnership publishes it, to anyone (the CSV, JSON and page
   * beside the statistics CSV, and `npm run return`): the same figures as
   * caseReviewReturn. Null when no partnership has that code.
   */
  async published(code: string, kind: PeriodKind, fromYear: number, toYear: number): Promise<{ partnership: Partnership; returns: PeriodReturn[] } | null> {
    const periods = checkedPeriods(kind, fromYear, toYear);
    const partnership = await this.partnerships.withCode(code);
    if (!partnership) return null;
    return { partnership, returns: await periodReturns(await this.db.manager(), partnership.id, periods) };
  }

  private async figures(actor: Actor, action: 'statistics' | 'return', partnershipIdArg: string, kind: PeriodKind, fromYear: number, toYear: number): Promise<PeriodReturn[]> {
    const partnershipId = checkId(partnershipIdArg, 'partnershipId');
    StatisticsPolicy.authorize(actor, action, partnershipId);
    const periods = checkedPeriods(kind, fromYear, toYear);
    const partnership = await this.partnerships.get(actor, partnershipId, 'partnershipId');
    return periodReturns(await this.db.manager(), partnership.id, periods);
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
