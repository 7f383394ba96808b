import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../common/logger';
import { HubError } from '../../common/errors';
import { RequestDb } from '../../database/request-db';
import { Partnership } from '../partnership/partnership.entity';
import { figuresCsv, statutoryFigures } from './statistics.figures';
import { checkedPeriods, FIRST_YEAR } from './statistics.service';
import { londonToday } from '../../common/clock';

/**
 * GET /partnerships/{code}/statistics.csv?period=FINANCIAL_YEAR&from=2014&to=2025:
 * the statutory figures for the partnership's web page. They are published
 * figures with no personal data, so no token is needed.
 */
export function statisticsCsvHandler(dataSource: DataSource, log: Logger): RequestHandler {
  return async (req, res) => {
    const db = new RequestDb(dataSource);
    try {
      const period = String(req.query.period ?? 'FINANCIAL_YEAR');
      if (period !== 'FINANCIAL_YEAR' && period !== 'CALENDAR_YEAR') {
        res.status(400).type('text/plain').send('period must be FINANCIAL_YEAR or CALENDAR_YEAR\n');
        return;
      }
      const thisYear = Number(londonToday().slice(0, 4));
      const from = req.query.from === undefined ? FIRST_YEAR : Number(req.query.from);
      const to = req.query.to === undefined ? thisYear : Number(req.query.to);
      const periods = checkedPeriods(period, from, to);
      const manager = await db.manager();
      const partnership = await manager.findOneBy(Partnership, { code: String(req.params.code).toUpperCase() });
      if (!partnership) {
        res.status(404).type('text/plain').send('No such partnership\n');
        return;
      }
      const csv = figuresCsv(await statutoryFigures(manager, partnership.id, periods));
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', `inline; filename="${partnership.code}-asb-case-reviews-${period.toLowerCase()}.csv"`)
        .send(csv);
    } catch (error) {
      if (error instanceof HubError) {
        res.status(400).type('text/plain').send(`${error.message}\n`);
        return;
      }
      log.error({ err: error, path: req.path }, 'statistics CSV failed');
      res.status(500).type('text/plain').send('Internal server error\n');
    } finally {
      await db.finish(true).catch(() => undefined);
    }
  };
}
