import { randomUUID } from 'node:crypto';
import { type RequestHandler, type Response, Router } from 'express';
import type { DataSource } from 'typeorm';
import { londonToday } from '../../common/clock';
import { HubError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import { createContext } from '../../graphql/context';
import { currentYear, type PeriodKind } from './periods';
import { returnCsv, returnJson, statisticsCsv } from './statistics.formats';
import { FIGURES_PAGE_CSP, renderFiguresMessage, renderFiguresPage, yearsWithFigures } from './statistics.page';
import { FIRST_YEAR, type StatisticsService } from './statistics.service';

export type PublishedFiguresOptions = {
  dataSource: DataSource;
  log: Logger;
  /** What runs before each page (draining refusal, the per-address limit, the cache), in order. */
  guards: RequestHandler[];
};

type Published = NonNullable<Awaited<ReturnType<StatisticsService['published']>>>;

/**
 * The partnership's published figures, no token needed (mounted at /partnerships),
 * each `?period=FINANCIAL_YEAR|CALENDAR_YEAR&from=YEAR&to=YEAR` (default: financial
 * years, from 2014, or the first year with figures on the page, to the current one):
 *   GET /{code}/statistics.csv   the four statutory figures
 *   GET /{code}/return.csv       the yearly return, every figure of PeriodReturn
 *   GET /{code}/return.json      the same as JSON
 *   GET /{code}/figures          the public page: table and chart of the four figures, and the rest
 * All are the published return (StatisticsService.published), read in a transaction
 * that names no caller (RequestDb.openAsPublic).
 */
export function publishedFiguresRoutes(opts: PublishedFiguresOptions): Router {
  const router = Router();
  type Format = {
    send: (res: Response, figures: Published, period: PeriodKind, today: string) => void;
    refuse: (res: Response, status: number, message: string) => void;
    /** Without `from`, start at the first year with figures rather than at 2014 (the page). */
    fromFirstFigures?: boolean;
  };
  const publish = (path: string, format: Format) =>
    router.get(`/:code/${path}`, ...opts.guards, async (req, res, next) => {
      const ctx = createContext(opts.dataSource, opts.log, randomUUID());
      try {
        const period = String(req.query.period ?? 'FINANCIAL_YEAR');
        if (period !== 'FINANCIAL_YEAR' && period !== 'CALENDAR_YEAR') return format.refuse(res, 400, 'period must be FINANCIAL_YEAR or CALENDAR_YEAR');
        const today = londonToday();
        const from = req.query.from === undefined ? FIRST_YEAR : Number(req.query.from);
        const to = req.query.to === undefined ? currentYear(period, today) : Number(req.query.to);
        await ctx.db.openAsPublic();
        const found = await ctx.services.statistics.published(String(req.params.code), period, from, to);
        if (!found) return format.refuse(res, 404, 'There is no partnership with this code.');
        const shown = format.fromFirstFigures && req.query.from === undefined ? { ...found, returns: yearsWithFigures(found.returns) } : found;
        format.send(res, shown, period, today);
      } catch (error) {
        if (error instanceof HubError) return format.refuse(res, 400, error.message);
        next(error);
      } finally {
        await ctx.db.finish(true).catch(() => undefined);
      }
    });

  const text = (res: Response, status: number, message: string) => void res.status(status).type('text/plain').send(`${message}\n`);
  const csvFile = (res: Response, figures: Published, name: string, body: string) =>
    void res.status(200).type('text/csv; charset=utf-8').set('Content-Disposition', `inline; filename="${figures.partnership.code}-${name}.csv"`).send(body);

  const json = (res: Response, status: number, message: string) => void res.status(status).json({ errors: [{ message }] });
  publish('statistics.csv', { send: (res, f, period) => csvFile(res, f, `asb-case-reviews-${period.toLowerCase()}`, statisticsCsv(f.returns)), refuse: text });
  publish('return.csv', { send: (res, f, period) => csvFile(res, f, `asb-case-review-return-${period.toLowerCase()}`, returnCsv(f.returns)), refuse: text });
  publish('return.json', { send: (res, f, period) => void res.status(200).type('application/json; charset=utf-8').send(returnJson(f.partnership, period, f.returns)), refuse: json });
  publish('figures', {
    send: (res, f, period, today) => {
      pageHeaders(res);
      res.status(200).type('html').send(renderFiguresPage({ partnershipName: f.partnership.name, code: f.partnership.code, period, returns: f.returns, today }));
    },
    refuse: (res, status, message) => {
      pageHeaders(res);
      res.status(status).type('html').send(renderFiguresMessage('Community Safety Partnership', status === 404 ? 'Page not found' : 'Check the address', message));
    },
    fromFirstFigures: true,
  });
  return router;
}

/** Nothing from elsewhere, no framing; the cache keeps these with the page. */
function pageHeaders(res: Response): void {
  res.set({ 'Content-Security-Policy': FIGURES_PAGE_CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin' });
}
