import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AgencyKind } from '../../src/modules/agency/agency-kind';
import { buildAgency, buildPartnership } from '../support/factories';
import { startHubWithOptions, type OptionsHub } from '../hostile/hub-with-options';

/*
 * The application form in a real browser (Debian's Chromium, headless): filled and
 * sent, refused without consent, and checked by axe-core at WCAG 2.2 AA in each
 * state. Councils' public pages must meet WCAG 2.2 AA (Public Sector Bodies
 * Accessibility Regulations 2018). Set APPLY_SCREENSHOTS to a folder to keep
 * screenshots of the three states.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const haveChromium = existsSync(CHROMIUM);

type Violation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };

(haveChromium ? describe : describe.skip)(
  haveChromium ? 'the application form in Chromium' : `the application form in Chromium: SKIPPED, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  () => {
    let hub: OptionsHub;
    let browser: Browser;
    beforeAll(async () => {
      hub = await startHubWithOptions({ applicationsPerMinute: 0 });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    });
    afterAll(async () => {
      await browser?.close();
      await hub?.close();
    });

    /** axe-core run in the page; the context bypasses the page's CSP only so axe itself can be injected. */
    async function violations(page: Page): Promise<Violation[]> {
      await page.evaluate(AXE_SOURCE);
      const result = await page.evaluate(
        // Runs in the page (no DOM types in this project's TypeScript).
        (tags) => {
          const g = globalThis as unknown as { axe: { run: (ctx: unknown, o: object) => Promise<{ violations: unknown[] }> }; document: unknown };
          return g.axe.run(g.document, { runOnly: { type: 'tag', values: tags } });
        },
        WCAG_TAGS,
      );
      return (result.violations as Violation[]).map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
    }

    async function screenshot(page: Page, name: string): Promise<void> {
      if (process.env.APPLY_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.APPLY_SCREENSHOTS, `${name}.png`), fullPage: true });
    }

    async function fillForm(page: Page): Promise<void> {
      await page.getByLabel('I am the victim and I am applying for myself').check();
      await page.getByLabel('Your full name').fill('Kim Browser');
      await page.locator('#applicant-email').fill('kim@example.test');
      await page.locator('#applicant-postcode').fill('ME4 4TR');
      await page.locator('#reportedIncidents-0-occurredOn').fill('2026-09-14');
      await page.locator('#reportedIncidents-0-reportedToOrganisation').fill('Kent Police');
      await page.locator('#reportedIncidents-0-reportedToReference').fill('KP-555');
      await page.locator('#reportedIncidents-0-details').fill('Stones thrown at my window');
    }

    it('is filled and sent with the keyboard, refused without consent (error beside the field), and meets WCAG 2.2 AA in every state', async () => {
      const lead = await buildAgency(hub.dataSource, { kind: AgencyKind.COUNCIL });
      const partnership = await buildPartnership(hub.dataSource, { lead, name: 'Riverside Community Safety Partnership' });
      const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB' });
      const page = await context.newPage();
      const loaded = await page.goto(`${hub.url}/partnerships/${partnership.code}/apply`);
      expect(loaded?.status()).toBe(200);
      expect(await page.title()).toBe('Apply for an ASB case review - Riverside Community Safety Partnership');
      expect(await violations(page)).toEqual([]);
      await screenshot(page, 'form');

      // The keyboard reaches the skip link first, then the first choice.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }).document.activeElement?.textContent)).toBe('Skip to main content');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('relationship-SELF');

      // Sent without consent: the form comes back with the error beside the box and in the summary.
      await fillForm(page);
      await page.locator('button[type=submit]').focus();
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('#consent-error');
      expect(await page.title()).toMatch(/^Error: /);
      expect(await page.locator('#consent-error').innerText()).toContain('Tick the box to confirm consent');
      expect(await page.locator('.error-summary a[href="#consent"]').count()).toBe(1);
      expect(await page.locator('#consent').getAttribute('aria-invalid')).toBe('true');
      // What was typed is still there.
      expect(await page.locator('#applicant-name').inputValue()).toBe('Kim Browser');
      expect(await violations(page)).toEqual([]);
      await screenshot(page, 'error');
      const [{ n: before }] = await hub.dataSource.query('SELECT count(*)::int AS n FROM case_review WHERE partnership_id = $1', [partnership.id]);
      expect(before).toBe(0);

      // Consent ticked with the keyboard (Space on the box), sent with Enter.
      await page.locator('#consent').focus();
      await page.keyboard.press('Space');
      expect(await page.locator('#consent').isChecked()).toBe(true);
      await page.locator('button[type=submit]').focus();
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('.reference');
      const reference = (await page.locator('.reference').innerText()).trim();
      expect(reference).toMatch(new RegExp(`^${partnership.code}-\\d{4}-0001$`));
      expect(await page.locator('h1').innerText()).toBe('Application received');
      expect(await page.locator('main').innerText()).toContain('What happens next');
      expect(await violations(page)).toEqual([]);
      await screenshot(page, 'received');

      const [row] = await hub.dataSource.query('SELECT channel::text, status::text FROM case_review WHERE reference = $1', [reference]);
      expect(row).toEqual({ channel: 'ONLINE', status: 'RECEIVED' });
      await context.close();
    });

    it('works with scripts switched off (nothing on the page needs them)', async () => {
      const lead = await buildAgency(hub.dataSource, { kind: AgencyKind.COUNCIL });
      const partnership = await buildPartnership(hub.dataSource, { lead });
      const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
      const page = await context.newPage();
      await page.goto(`${hub.url}/partnerships/${partnership.code}/apply`);
      await fillForm(page);
      await page.getByLabel(/I confirm that the victim agrees/).check();
      await Promise.all([page.waitForLoadState('load'), page.locator('button[type=submit]').click()]);
      await page.waitForSelector('.reference');
      expect(await page.locator('.reference').innerText()).toMatch(new RegExp(`^${partnership.code}-`));
      await context.close();
    });
  },
);
