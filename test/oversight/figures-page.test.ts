import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AgencyKind } from '../../src/modules/agency/agency-kind';
import { buildAgency, buildPartnership } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { buildWorld, type World } from '../support/world';
import { buildCase, type CaseScript } from './cases';

/*
 * The public figures page in a real browser (Debian's Chromium, headless): axe-core
 * finds no WCAG 2.2 AA violation (councils' public pages must meet it), nothing loads
 * from elsewhere and nothing runs, the keyboard reaches the skip link first, and each
 * bar of the chart is as tall as its number in the table beside it, read the way a
 * reader reads it: the bar's colour names its figure in the legend, the legend's
 * words head a column of the table, the year under the group heads a row, and the
 * value axis' labels give the scale. Set FIGURES_SCREENSHOTS to a folder to keep
 * screenshots.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const haveChromium = existsSync(CHROMIUM);

type Violation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };
type Comparison = { year: string; figure: string; table: number; drawn: number; label: number };

/** Three financial years of applications, some of each outcome. */
const SCRIPTS: CaseScript[] = [
  ...['2024-05-01', '2024-07-01', '2024-09-02', '2025-01-06', '2025-02-03'].map((d, i): CaseScript => ({
    receivedAt: `${d}T10:00:00Z`,
    channel: 'PHONE',
    relationship: 'SELF',
    threshold: i < 2 ? 'notMet' : 'met',
    panel: i < 2 ? undefined : { independentChair: true, outcome: { recommendations: i === 4 ? [] : [{ to: 'police', answer: 'ACCEPTED' }] } },
  })),
  ...['2025-04-07', '2025-06-02', '2025-08-04', '2025-10-06', '2025-11-03', '2026-01-05', '2026-02-02', '2026-03-02'].map((d, i): CaseScript => ({
    receivedAt: `${d}T10:00:00Z`,
    channel: 'ONLINE',
    relationship: 'CARER',
    threshold: i < 3 ? 'notMet' : 'met',
    panel: i < 3 ? undefined : { independentChair: false, outcome: { recommendations: i < 6 ? [{ to: 'housing', answer: 'DECLINED' }] : [] } },
  })),
  ...['2026-04-06', '2026-06-01'].map((d): CaseScript => ({ receivedAt: `${d}T10:00:00Z`, channel: 'EMAIL', relationship: 'SELF', threshold: 'met' })),
];

(haveChromium ? describe : describe.skip)(
  haveChromium ? 'the public figures page in Chromium' : `the public figures page in Chromium: SKIPPED, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  () => {
    let hub: TestHub;
    let w: World;
    let browser: Browser;
    beforeAll(async () => {
      hub = await startTestHub();
      w = await buildWorld(hub);
      for (const script of SCRIPTS) await buildCase(hub, w, script);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      await hub?.close();
    });

    /** axe-core run in the page; the context bypasses the page's CSP only so axe itself can be injected. */
    async function violations(page: Page): Promise<Violation[]> {
      await page.evaluate(AXE_SOURCE);
      const result = await page.evaluate((tags) => {
        const g = globalThis as unknown as { axe: { run: (ctx: unknown, o: object) => Promise<{ violations: unknown[] }> }; document: unknown };
        return g.axe.run(g.document, { runOnly: { type: 'tag', values: tags } });
      }, WCAG_TAGS);
      return (result.violations as Violation[]).map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
    }

    async function screenshot(page: Page, name: string): Promise<void> {
      if (process.env.FIGURES_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.FIGURES_SCREENSHOTS, `${name}.png`), fullPage: true });
    }

    /** Every bar of the chart beside the table cell it stands for, read from what the page shows. */
    function barsAgainstTable(page: Page): Promise<Comparison[]> {
      // Runs in the page (no DOM types in this project's TypeScript).
      return page.evaluate(() => {
        type El = { textContent: string | null; getAttribute(n: string): string | null; querySelector(s: string): El | null; querySelectorAll(s: string): El[]; parentNode: El; closest(s: string): El | null };
        const doc = (globalThis as unknown as { document: El }).document;
        const all = (root: El, selector: string) => Array.from(root.querySelectorAll(selector));
        const svg = doc.querySelector('figure svg')!;
        // The value axis: each gridline's label and height.
        const ticks = all(svg, 'g.tick').map((g) => ({ value: Number(g.querySelector('text')!.textContent), y: Number(g.querySelector('line')!.getAttribute('y1')) }));
        const zero = ticks.find((t) => t.value === 0)!;
        const top = ticks.reduce((a, b) => (b.value > a.value ? b : a));
        const perUnit = (zero.y - top.y) / top.value;
        // The legend: a swatch's colour, and the words beside it.
        const legend = new Map(all(svg, 'g.legend').map((g) => [g.querySelector('rect')!.getAttribute('fill'), g.querySelector('text')!.textContent!.trim()]));
        const table = doc.querySelector('table.four')!;
        const headings = all(table, 'thead th').map((th) => th.textContent!.trim());
        const rows = new Map(all(table, 'tbody tr').map((tr) => [tr.querySelector('th')!.textContent!.trim(), all(tr, 'td').map((td) => Number(td.textContent))]));
        return all(svg, 'g.year').flatMap((group) => {
          const year = group.querySelector('text.year')!.textContent!.trim();
          return all(group, 'rect').map((bar) => {
            const figure = legend.get(bar.getAttribute('fill'))!;
            const height = Number(bar.getAttribute('height'));
            const bottom = Number(bar.getAttribute('y')) + height;
            return {
              year,
              figure,
              table: rows.get(year)![headings.indexOf(figure) - 1],
              drawn: Math.round((height / perUnit) * 1000) / 1000 + (Math.abs(bottom - zero.y) < 0.01 ? 0 : NaN),
              label: Number((bar as unknown as { nextElementSibling: El }).nextElementSibling.textContent),
            };
          });
        });
      });
    }

    it('meets WCAG 2.2 AA, loads nothing from elsewhere, runs nothing, and draws each bar as tall as its number in the table', async () => {
      const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB', viewport: { width: 1200, height: 1600 } });
      const page = await context.newPage();
      const elsewhere: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(hub.url)) elsewhere.push(request.url());
      });
      const loaded = await page.goto(`${hub.url}/partnerships/${w.partnership.code}/figures`);
      expect(loaded?.status()).toBe(200);
      expect(await page.title()).toBe(`ASB case review figures - ${w.partnership.name}`);
      expect(await violations(page)).toEqual([]);
      await screenshot(page, 'figures-financial');

      // From the first year with an application to the current one (2 December 2026: 2026 to 2027).
      const comparisons = await barsAgainstTable(page);
      expect([...new Set(comparisons.map((c) => c.year))]).toEqual(['2024 to 2025', '2025 to 2026', '2026 to 2027']);
      expect(comparisons).toHaveLength(12);
      for (const c of comparisons) expect({ ...c, drawn: c.table, label: c.table }).toEqual(c);
      // The table holds the hand-counted figures (5, 8 and 2 applications).
      expect(comparisons.filter((c) => c.figure === 'Applications received').map((c) => c.table)).toEqual([5, 8, 2]);
      expect(comparisons.filter((c) => c.figure === 'Threshold not met').map((c) => c.table)).toEqual([2, 3, 0]);
      expect(comparisons.filter((c) => c.figure === 'Case reviews carried out').map((c) => c.table)).toEqual([3, 5, 0]);
      expect(comparisons.filter((c) => c.figure === 'Reviews resulting in recommendations').map((c) => c.table)).toEqual([2, 3, 0]);

      // The chart is an image with a title and a description; the table has a caption and headers.
      expect(await page.locator('figure svg').getAttribute('role')).toBe('img');
      expect(await page.locator('#chart-title').textContent()).toBe('Bar chart: ASB case reviews by financial year');
      expect(await page.locator('table.four caption').textContent()).toBe('ASB case reviews by financial year');
      expect(await page.locator('script').count()).toBe(0);
      expect(elsewhere).toEqual([]);

      // The keyboard reaches the skip link first; the other count of years is a link away.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }).document.activeElement?.textContent)).toBe('Skip to main content');
      await page.getByRole('link', { name: 'By calendar year' }).click();
      await page.waitForURL(/figures\?period=CALENDAR_YEAR$/);
      expect(await violations(page)).toEqual([]);
      const calendar = await barsAgainstTable(page);
      expect([...new Set(calendar.map((c) => c.year))]).toEqual(['2024', '2025', '2026']);
      for (const c of calendar) expect({ ...c, drawn: c.table, label: c.table }).toEqual(c);
      expect(calendar.filter((c) => c.figure === 'Applications received').map((c) => c.table)).toEqual([3, 7, 5]);
      await screenshot(page, 'figures-calendar');

      // On a phone, and printed: still no violation; printing leaves the navigation out.
      await page.setViewportSize({ width: 375, height: 800 });
      expect(await violations(page)).toEqual([]);
      await screenshot(page, 'figures-phone');
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('nav').isVisible()).toBe(false);
      expect(await page.locator('figure svg').isVisible()).toBe(true);
      await context.close();
    });

    it('shows a partnership with no application yet, and a page for an unknown one, both accessible', async () => {
      const lead = await buildAgency(hub.dataSource, { kind: AgencyKind.COUNCIL });
      const empty = await buildPartnership(hub.dataSource, { lead, name: 'Quiet Community Safety Partnership' });
      const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB' });
      const page = await context.newPage();
      expect((await page.goto(`${hub.url}/partnerships/${empty.code}/figures`))?.status()).toBe(200);
      expect(await violations(page)).toEqual([]);
      const bars = await barsAgainstTable(page);
      expect(bars.map((c) => [c.year, c.table, c.drawn])).toEqual(Array(4).fill(['2026 to 2027', 0, 0]));
      await screenshot(page, 'figures-empty');
      expect((await page.goto(`${hub.url}/partnerships/NO-SUCH-CSP/figures`))?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe('Page not found');
      expect(await violations(page)).toEqual([]);
      await context.close();
    });
  },
);
