import { alertBody, uniquePerson } from '#concerto/testing';
import {
  type Browser,
  type BrowserTarget,
  checkAccessibility,
  launchBrowser,
  saveScreen,
  startBrowserTarget,
} from './kit.js';
import { chooseLanguage } from './web-app.js';

/** Issue 16, point 5: the red button from sign-in to answer, in a real Chromium. */
describe('the red button in the browser', () => {
  let browser: Browser;
  let target: BrowserTarget;

  beforeAll(async () => {
    [browser, target] = await Promise.all([launchBrowser(), startBrowserTarget()]);
  });
  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  it('should take a pharmacist from sign-in to the answer, naming the errors next to their field and showing the crisis lines first', async () => {
    const page = await browser.newPage();
    await target.signIn(page, 'pro-pharmacist');
    await page.goto(`${target.baseUrl}/`);
    await page.waitForURL(/\/alert$/);
    await chooseLanguage(page, 'fr');
    await page.getByRole('heading', { level: 1, name: 'Lancer une alerte' }).waitFor();

    for (const lang of ['fr', 'nl', 'en'] as const) {
      await chooseLanguage(page, lang);
      await checkAccessibility(page, `red button (${lang})`);
      if (lang !== 'en') {
        await saveScreen(page, 'red-button', lang);
      }
    }
    await chooseLanguage(page, 'fr');

    // Keyboard only: the fields in order, a postal code that is not Belgian.
    await page.getByLabel('Quelle est la situation ?').selectOption('suicide-risk');
    await page.getByLabel('Prénom').fill('Simone');
    await page.getByLabel('Nom', { exact: true }).fill(`Peeters-${Date.now().toString(36).replace(/\d/g, '')}`);
    await page.getByLabel('Code postal du domicile').fill('0999');
    await page.getByLabel('Code postal du domicile').press('Enter');
    const postalError = page.locator('.field', { has: page.getByLabel('Code postal du domicile') }).locator('.error');
    await postalError.waitFor();
    expect(await postalError.textContent()).toMatch(/\S/);
    expect(await page.getByLabel('Code postal du domicile').getAttribute('aria-invalid')).toBe('true');
    await checkAccessibility(page, 'red button with errors (fr)');
    await saveScreen(page, 'red-button-errors', 'fr');

    await page.getByLabel('Code postal du domicile').fill('1090');
    await page.getByRole('button', { name: 'Lancer l’alerte' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Alerte reçue' }).waitFor();
    // The crisis lines come before anything else on the page.
    expect(await page.locator('main section.crisis ~ h1').count()).toBe(1);
    expect(await page.locator('main h1 ~ section.crisis').count()).toBe(0);
    expect(await page.locator('.crisis a[href^="tel:"]').count()).toBeGreaterThan(0);
    expect(await page.locator('main').textContent()).toMatch(/Responsable : coord-nord|Responsable : \S+/);
    expect(await page.locator('main').textContent()).toContain('Bassin : Nord');
    await checkAccessibility(page, 'red button answer (fr)');
    await saveScreen(page, 'red-button-answer', 'fr');
    await chooseLanguage(page, 'nl');
    await checkAccessibility(page, 'red button answer (nl)');
    await saveScreen(page, 'red-button-answer', 'nl');
    await chooseLanguage(page, 'en');
    await checkAccessibility(page, 'red button answer (en)');
    await page.close();
  });

  it("should list the pharmacist's alerts with their status and owner", async () => {
    const raised = await target.api.call('POST', '/v1/alerts', {
      as: 'pro-pharmacist',
      body: alertBody({}, uniquePerson({ address: { postalCode: '1180' } })),
    });
    expect(raised.status).toBe(201);
    const page = await browser.newPage();
    await target.signIn(page, 'pro-pharmacist');
    await page.goto(`${target.baseUrl}/alerts/mine`);
    await page.getByTestId('my-alerts').waitFor();
    expect(await page.getByTestId('my-alerts').locator('tbody tr').count()).toBeGreaterThan(0);
    for (const lang of ['fr', 'nl', 'en'] as const) {
      await chooseLanguage(page, lang);
      await checkAccessibility(page, `my alerts (${lang})`);
      if (lang !== 'en') {
        await saveScreen(page, 'my-alerts', lang);
      }
    }
    await page.close();
  });

  it('should offer the sign-in when signed out', async () => {
    const page = await browser.newPage();
    await page.goto(`${target.baseUrl}/alert`);
    const signIn = page.locator('main a.button');
    await signIn.waitFor();
    await page.locator('main a.button[aria-busy="false"]').waitFor();
    expect(await signIn.getAttribute('href')).toMatch(/^\/auth\/(dev|login)\?returnTo=%2Falert/);
    await checkAccessibility(page, 'signed out');
    await page.close();
  });
});
