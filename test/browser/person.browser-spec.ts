import {
  type Browser,
  type BrowserTarget,
  checkAccessibility,
  launchBrowser,
  saveScreen,
  startBrowserTarget,
} from './kit.js';
import { type PagesCase, pagesCase } from './pages-fixture.js';

/** Simone reads, in easy Dutch, who is involved and who read her file, and withdraws her consent (issue 16). */
describe("the person's page in a browser", () => {
  let browser: Browser;
  let target: BrowserTarget;
  let fixture: PagesCase;
  let link: string;

  beforeAll(async () => {
    [browser, target] = await Promise.all([launchBrowser(), startBrowserTarget()]);
    fixture = await pagesCase(target);
    const issued = await target.api.call('POST', `/v1/cases/${fixture.caseId}/person-link`, {
      as: fixture.coordinator,
      body: {},
    });
    link = issued.body.url;
  });
  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  it('passes axe in French, Dutch and English and is saved as a screen in FR and NL', async () => {
    expect(link.startsWith(`${target.baseUrl}/me/`)).toBe(true);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    for (const lang of ['fr', 'nl', 'en'] as const) {
      await page.goto(`${link}?lang=${lang}`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await checkAccessibility(page, `person page (${lang})`);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      if (lang !== 'en') {
        await saveScreen(page, 'person', lang);
      }
    }
    await page.goto(`${link.replace(/\?.*$/, '')}/withdraw?lang=nl`);
    await checkAccessibility(page, 'withdraw confirmation (nl)');
    await saveScreen(page, 'person-withdraw', 'nl');
    await context.close();
  });

  it('reads who is involved and who read the file, then withdraws the consent without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(link);
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('Dag Simone.');
    expect(main).toContain('Jan Peeters');
    expect(main).toMatch(/heeft Coordinator Sud \(demo\), coördinator van bassin Sud uw dossier geopend\./);

    await page.getByRole('link', { name: 'Mijn toestemming intrekken' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Uw toestemming intrekken?');
    await page.getByRole('button', { name: 'Ja, ik trek mijn toestemming in' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Uw toestemming is ingetrokken.');
    const consent = await target.api.call('GET', `/v1/cases/${fixture.caseId}/consent`, { as: fixture.coordinator });
    expect(consent.body.status).toBe('revoked');
    await context.close();
  });
});
