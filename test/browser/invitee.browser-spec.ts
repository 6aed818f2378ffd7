import {
  type Browser,
  type BrowserTarget,
  checkAccessibility,
  launchBrowser,
  saveScreen,
  startBrowserTarget,
} from './kit.js';
import { brusselsClock, type PagesCase, pagesCase } from './pages-fixture.js';

/**
 * The son answers from the link in his e-mail (issue 16, point 3): a real Chromium, JavaScript
 * disabled, a 360 px wide phone. The page is checked with axe in French, Dutch and English.
 */
describe('invitee page in a browser', () => {
  let browser: Browser;
  let target: BrowserTarget;
  let fixture: PagesCase;

  beforeAll(async () => {
    [browser, target] = await Promise.all([
      launchBrowser(),
      startBrowserTarget({ config: { COORDINATION_PHONE: '+32 2 555 01 01' } }),
    ]);
    fixture = await pagesCase(target);
  });
  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  /** The first answer link in the first e-mail to Jan (his invitation). */
  function linkInJansMail(): Promise<string> {
    return target.mail.find((m) =>
      m.to.includes(fixture.relativeEmail)
        ? /(https?:\/\/\S+\/a\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?)/.exec(m.text)?.[1]
        : undefined,
    );
  }

  it('opens the link from the e-mail without JavaScript on a small phone, and answers with a button', async () => {
    const link = await linkInJansMail();
    expect(link.startsWith(`${target.baseUrl}/a/`)).toBe(true);
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 360, height: 740 },
      locale: 'nl-BE',
    });
    const page = await context.newPage();
    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Uitnodiging voor een overleg');
    expect(await page.textContent('main')).toContain(brusselsClock(fixture.start));
    expect(await page.textContent('main')).toContain('Toegankelijk zonder trappen.');

    // Keyboard only: tab to the first button and press Enter.
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'Ik kom'; i++) {
      await page.keyboard.press('Tab');
      focused = (await page.locator(':focus').textContent())?.trim() ?? '';
    }
    expect(focused).toBe('Ik kom');
    await Promise.all([page.waitForURL(/\/a\/.+\?lang=nl$/), page.keyboard.press('Enter')]);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Dank u. Uw antwoord is bewaard: u komt.');

    const meeting = await target.api.call('GET', `/v1/concertations/${fixture.concertationId}`, {
      as: fixture.coordinator,
    });
    const jan = meeting.body.invitations.find(
      (i: { participantId: string }) => i.participantId === fixture.ids.relative,
    );
    expect(jan.status).toBe('accepted');
    await context.close();
  });

  it('passes axe in French, Dutch and English, fits 360 px, and is saved as a screen in FR and NL', async () => {
    const link = await linkInJansMail();
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    for (const lang of ['fr', 'nl', 'en'] as const) {
      await page.goto(`${link}?lang=${lang}`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await checkAccessibility(page, `invitee page (${lang})`);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      if (lang !== 'en') {
        await saveScreen(page, 'invitee', lang);
      }
    }
    // 200 % text: the one column still fits the phone's width.
    await page.evaluate("document.documentElement.style.fontSize = '200%'");
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await context.close();
  });

  it('answers the date poll from its e-mail without JavaScript, and passes axe in three languages', async () => {
    const hour = 3600_000;
    const poll = await target.api.call('POST', `/v1/cases/${fixture.caseId}/concertations/polls`, {
      as: fixture.coordinator,
      body: {
        options: [
          {
            start: new Date(fixture.start.getTime() + 24 * hour).toISOString(),
            end: new Date(fixture.start.getTime() + 25 * hour).toISOString(),
          },
          {
            start: new Date(fixture.start.getTime() + 48 * hour).toISOString(),
            end: new Date(fixture.start.getTime() + 49 * hour).toISOString(),
          },
        ],
        closesAt: new Date((await target.clock.now()).getTime() + 24 * hour).toISOString(),
        location: { kind: 'video', label: 'https://meet.example.test/poll' },
      },
    });
    expect(poll.status).toBe(201);
    const link = await target.mail.find((m) =>
      m.to.includes(fixture.relativeEmail)
        ? /(https?:\/\/\S+\/p\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?)/.exec(m.text)?.[1]
        : undefined,
    );
    expect(link.startsWith(`${target.baseUrl}/p/`)).toBe(true);

    const checked = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const view = await checked.newPage();
    for (const lang of ['fr', 'nl', 'en'] as const) {
      await view.goto(`${link}?lang=${lang}`);
      await checkAccessibility(view, `date poll page (${lang})`);
      expect(await view.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      if (lang !== 'en') {
        await saveScreen(view, 'date-poll', lang);
      }
    }
    await checked.close();

    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(link);
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    const groups = page.getByRole('group');
    await groups.nth(0).getByLabel('Ja').check();
    await groups.nth(1).getByLabel('Als het moet').check();
    await page.getByRole('button', { name: 'Mijn antwoorden versturen' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Dank u. Uw antwoorden zijn bewaard.');
    await context.close();
  });

  it('shows a clear page in three languages for an unknown link', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${target.baseUrl}/a/not-a-link`);
    expect(res?.status()).toBe(404);
    await checkAccessibility(page, 'unknown link');
    expect(await page.textContent('main')).toContain('Deze link bestaat niet.');
    await page.close();
  });
});
