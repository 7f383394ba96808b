import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { PanelPackDocument } from '../generated/graphql';
import { startHubWithOptions, type OptionsHub } from '../hostile/hub-with-options';
import { buildWorld, type World } from '../support/world';
import { packCase, send, withdraw } from './fixture';

/*
 * The pack's page in a real browser (Debian's Chromium, headless), as the police
 * panel member reads it after the victim withdrew consent: the timeline has one
 * mark per incident of the chronology, filled where the details are shown and
 * hollow where they are redacted; the page runs no script, loads nothing but
 * itself, and axe-core finds no WCAG 2.2 AA violation. Set PACK_SCREENSHOTS to a
 * folder to keep a screenshot of the page.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const haveChromium = existsSync(CHROMIUM);

type Mark = { incident: string; fill: string };

(haveChromium ? describe : describe.skip)(
  haveChromium ? 'the panel pack in Chromium' : `the panel pack in Chromium: SKIPPED, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  () => {
    let hub: OptionsHub;
    let browser: Browser;
    let w: World;
    beforeAll(async () => {
      hub = await startHubWithOptions();
      w = await buildWorld(hub);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    });
    afterAll(async () => {
      await browser?.close();
      await hub?.close();
    });

    it('draws one mark per visible incident, hollow where redacted, with no script, nothing from elsewhere, and no WCAG 2.2 AA violation', async () => {
      const k = await packCase(hub, w);
      await withdraw(hub, w, k.caseId);
      const reader = w.policePanelMember;
      const chronology = (await send(hub, PanelPackDocument, { id: k.caseId }, reader.token)).caseReview.panelPack.chronology;
      const incidents = chronology.filter((e: any) => e.kind === 'INCIDENT');
      expect(incidents.filter((e: any) => e.redacted)).toHaveLength(2);

      // The context bypasses the page's CSP only so that axe itself can be injected after loading.
      const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB', extraHTTPHeaders: { authorization: `Bearer ${reader.token}` }, viewport: { width: 1200, height: 1600 } });
      const page = await context.newPage();
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      const url = `${hub.url}/documents/cases/${k.caseId}/pack.html`;
      const loaded = await page.goto(url);
      expect(loaded?.status()).toBe(200);
      expect(requested).toEqual([url]);
      expect(await page.title()).toBe(`Panel pack ${k.reference}`);
      expect(await page.locator('script').count()).toBe(0);

      const marks: Mark[] = await page.locator('svg.timeline circle.mark').evaluateAll((nodes) =>
        nodes.map((n) => ({ incident: n.getAttribute('data-incident') ?? '', fill: n.getAttribute('fill') ?? '' })),
      );
      expect(marks).toHaveLength(incidents.length);
      // The chronology's INCIDENT entries carry no id; the marks' ids are the case's four linked records, each once.
      expect(marks.map((m) => m.incident).sort()).toEqual([...k.police, ...k.housing].sort());
      const hollow = marks.filter((m) => m.fill === '#ffffff').map((m) => m.incident).sort();
      expect(hollow).toEqual([...k.housing].sort());
      // Each mark is drawn at a visible size, and the picture's labels and legend are there.
      const boxes = await page.locator('svg.timeline circle.mark').evaluateAll((nodes) => nodes.map((n) => (n as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width));
      expect(boxes.every((width) => width > 5)).toBe(true);
      expect(await page.locator('svg.timeline text').allTextContents()).toEqual(expect.arrayContaining([w.police.name, w.housing.name, 'Application 2026-03-02', 'Six months before the application', 'Incident, details redacted']));

      await page.evaluate(AXE_SOURCE);
      const result = await page.evaluate((tags) => {
        const g = globalThis as unknown as { axe: { run: (ctx: unknown, o: object) => Promise<{ violations: { id: string; help: string }[] }> }; document: unknown };
        return g.axe.run(g.document, { runOnly: { type: 'tag', values: tags } });
      }, WCAG_TAGS);
      expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

      if (process.env.PACK_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.PACK_SCREENSHOTS, 'panel-pack.png'), fullPage: true });
      const printed = await page.pdf({ format: 'A4' });
      expect(printed.subarray(0, 5).toString()).toBe('%PDF-');
      await context.close();
    });
  },
);
