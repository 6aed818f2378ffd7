import {
  type Browser,
  type BrowserTarget,
  checkAccessibility,
  launchBrowser,
  saveScreen,
  type ScreenLanguage,
  startBrowserTarget,
} from './kit.js';

describe('signing in from a browser (development sign-in, ADR 0022)', () => {
  let browser: Browser;
  let target: BrowserTarget;

  beforeAll(async () => {
    [browser, target] = await Promise.all([launchBrowser(), startBrowserTarget()]);
  });
  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  const heading: Record<ScreenLanguage, string> = {
    fr: 'Connexion de développement',
    nl: 'Aanmelden voor ontwikkeling',
    en: 'Development sign-in',
  };

  it.each<ScreenLanguage>(['fr', 'nl'])(
    'should show an accessible sign-in page in %s and sign in with the keyboard alone',
    async (lang) => {
      const context = await browser.newContext({ locale: lang === 'fr' ? 'fr-BE' : 'nl-BE' });
      const page = await context.newPage();
      // No ?lang=: the browser's own language decides.
      await page.goto(`${target.baseUrl}/auth/dev`);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(heading[lang]);
      await checkAccessibility(page, `sign-in page (${lang})`);
      await saveScreen(page, 'sign-in', lang);

      const button = page.getByRole('button', { name: /Coordinator Nord \(demo\)/ });
      await button.focus();
      await Promise.all([page.waitForURL(`${target.baseUrl}/`), page.keyboard.press('Enter')]);

      const me = await page.request.get(`${target.baseUrl}/auth/me`);
      expect(me.status()).toBe(200);
      expect(await me.json()).toMatchObject({
        userId: 'coord-nord',
        displayName: 'Coordinator Nord (demo)',
        roles: ['coordinator'],
        bassins: ['nord'],
        language: lang,
      });
      // The session is a cookie scripts cannot read, and no token sits in the page's storage.
      const cookie = (await context.cookies()).find((c) => c.name === 'concerto_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      await expect(page.evaluate('document.cookie')).resolves.not.toContain('concerto_session');
      await expect(page.evaluate('JSON.stringify(localStorage) + JSON.stringify(sessionStorage)')).resolves.not.toMatch(
        /eyJ/,
      );
      await context.close();
    },
  );

  it("should sign a page in through the kit's signIn, as any browser spec does", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await target.signIn(page, 'pro-pharmacist');
    const me = await page.request.get(`${target.baseUrl}/auth/me`);
    expect(((await me.json()) as { userId: string }).userId).toBe('pro-pharmacist');
    await context.close();
  });
});
