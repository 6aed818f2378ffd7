import { alertBody, expectEventually, uniquePerson } from '#concerto/testing';
import {
  type Browser,
  type BrowserTarget,
  checkAccessibility,
  launchBrowser,
  saveScreen,
  startBrowserTarget,
} from './kit.js';
import { chooseLanguage } from './web-app.js';

/** Issue 16, point 5: a coordinator acknowledging from the worklist, in a real Chromium. */
describe("the coordinator's workspace in the browser", () => {
  let browser: Browser;
  let target: BrowserTarget;

  beforeAll(async () => {
    [browser, target] = await Promise.all([launchBrowser(), startBrowserTarget()]);
  });
  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  /** A pharmacist raises an alert for someone new living in bassin Nord. */
  async function raise(overrides: Record<string, unknown> = {}) {
    const res = await target.api.call('POST', '/v1/alerts', {
      as: 'pro-pharmacist',
      body: alertBody(overrides, uniquePerson({ address: { postalCode: '1090' } })),
    });
    expect(res.status).toBe(201);
    return res.body as { caseId: string; owner: { id: string }; bassin: { id: string } };
  }

  it('should let a coordinator open an urgent case from the worklist and acknowledge it, keyboard only', async () => {
    const raised = await raise({ urgency: 'urgent' });
    const owner: string = raised.owner.id;
    const ref = raised.caseId.slice(0, 8);

    const page = await browser.newPage();
    await target.signIn(page, owner);
    await page.goto(`${target.baseUrl}/`);
    await page.waitForURL(/\/cases$/);
    await chooseLanguage(page, 'fr');
    const open = page.getByRole('link', { name: `Ouvrir le dossier ${ref}` });
    await open.waitFor();
    for (const lang of ['fr', 'nl', 'en'] as const) {
      await chooseLanguage(page, lang);
      await checkAccessibility(page, `worklist (${lang})`);
      if (lang !== 'en') {
        await saveScreen(page, 'worklist', lang);
      }
    }
    await chooseLanguage(page, 'fr');

    await open.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/cases/${raised.caseId}$`));
    await page.getByRole('heading', { level: 1, name: `Dossier ${ref}` }).waitFor();
    for (const lang of ['fr', 'nl', 'en'] as const) {
      await chooseLanguage(page, lang);
      await checkAccessibility(page, `case page (${lang})`);
      if (lang !== 'en') {
        await saveScreen(page, 'case', lang);
      }
    }
    await chooseLanguage(page, 'fr');

    await page.getByRole('button', { name: 'Prendre en charge' }).first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Pris en charge.' }).waitFor();
    await page.getByText('Tous les signaux sont pris en charge.').waitFor();
    await checkAccessibility(page, 'case page after acknowledgement (fr)');

    await expectEventually(async () => {
      const res = await target.api.call('GET', `/v1/cases/${raised.caseId}`, { as: owner });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('acknowledged');
    });

    // Back on the worklist, the case shows its new status.
    await page.getByRole('link', { name: 'Retour à la liste de travail' }).click();
    const row = page.locator('tr', { has: page.getByRole('link', { name: `Ouvrir le dossier ${ref}` }) });
    await row.getByText('Pris en charge').waitFor();
    await page.close();
  });

  it('should update the worklist live when an alert arrives', async () => {
    const page = await browser.newPage();
    await target.signIn(page, 'coord-nord');
    await page.goto(`${target.baseUrl}/cases`);
    await page
      .getByRole('status')
      .filter({ hasText: /Mises à jour en direct|Live bijgewerkt|Live updates on/ })
      .waitFor();
    const raised = await raise();
    expect(raised.bassin.id).toBe('nord');
    await page.locator(`a[href="/cases/${raised.caseId}"]`).waitFor();
    await page.close();
  });

  it('should build the team, record consent and search a slot from the case page', async () => {
    const raised = await raise();
    const page = await browser.newPage();
    await target.signIn(page, raised.owner.id);
    await page.goto(`${target.baseUrl}/cases/${raised.caseId}`);
    await chooseLanguage(page, 'en');
    await page.getByRole('heading', { level: 1, name: `Case ${raised.caseId.slice(0, 8)}` }).waitFor();

    await page.getByLabel('Directory id of the professional').fill('pro-gp');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Done.' }).waitFor();
    await page.getByRole('checkbox').first().waitFor();

    // A calendar file with one busy event and one cancelled one: the import names the one it ignored.
    const today = await target.clock.now();
    const at = (days: number, hour: number) =>
      new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days, hour))
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Concerto test//EN',
      'BEGIN:VEVENT',
      'UID:busy-1@test',
      `DTSTAMP:${at(0, 8)}`,
      `DTSTART:${at(3, 9)}`,
      `DTEND:${at(3, 11)}`,
      'SUMMARY:Busy',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:cancelled-1@test',
      `DTSTAMP:${at(0, 8)}`,
      `DTSTART:${at(4, 9)}`,
      `DTEND:${at(4, 11)}`,
      'STATUS:CANCELLED',
      'SUMMARY:Cancelled',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    await page.getByLabel('Whose calendar').selectOption('pro-gp');
    await page
      .getByLabel('Calendar file (.ics)')
      .setInputFiles({ name: 'gp.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.locator('.ics-result').waitFor();
    expect(await page.locator('.ics-result').textContent()).toMatch(/1 busy period on record/);
    expect(await page.locator('.ics-result li').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByText(/^Given, recorded /).waitFor();

    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('.slot-result').waitFor();
    expect(await page.locator('.slot-result').textContent()).toMatch(/Slots that fit|No slot fits/);
    await checkAccessibility(page, 'case page with its actions (en)');
    for (const lang of ['fr', 'nl'] as const) {
      await chooseLanguage(page, lang);
      await checkAccessibility(page, `case page with its actions (${lang})`);
      await saveScreen(page, 'case-actions', lang);
    }

    const consent = await target.api.call('GET', `/v1/cases/${raised.caseId}/consent`, { as: raised.owner.id });
    expect(consent.status).toBe(200);
    expect(consent.body.status).toBe('granted');
    await page.close();
  });

  it('should schedule a meeting at a found slot, move it, then cancel it', async () => {
    const raised = await raise();
    const as = raised.owner.id;
    const expectStatus = async (call: Promise<{ status: number; text: string }>, status: number): Promise<void> => {
      const res = await call;
      expect({ status: res.status, body: res.text }).toEqual({ status, body: expect.any(String) });
    };
    const WORKDAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['08:30-17:00']]));
    for (const pro of ['pro-gp', 'pro-home-nurse']) {
      // The care team exists once scheduling has consumed case.opened.
      await expectEventually(async () => {
        await expectStatus(
          target.api.call('POST', `/v1/cases/${raised.caseId}/participants`, {
            as,
            body: { kind: 'professional', professionalId: pro },
          }),
          201,
        );
      });
      await expectStatus(target.api.call('PUT', `/v1/calendars/${pro}/weekly-hours`, { as, body: WORKDAY }), 200);
    }
    const teamRes = await target.api.call('GET', `/v1/cases/${raised.caseId}/participants`, { as });
    expect(teamRes.status).toBe(200);
    const team = teamRes.body.participants;
    for (const p of team.filter((x: { kind: string }) => x.kind !== 'professional')) {
      await expectStatus(target.api.call('PUT', `/v1/calendars/${p.id}/weekly-hours`, { as, body: WORKDAY }), 200);
    }
    await expectStatus(
      target.api.call('POST', '/v1/bassins/nord/rooms', {
        as,
        body: { name: `Salle ${raised.caseId.slice(0, 4)}`, capacity: 10, stepFree: true },
      }),
      201,
    );
    await expectStatus(
      target.api.call('POST', `/v1/cases/${raised.caseId}/consent`, {
        as,
        body: {
          decision: 'granted',
          givenBy: 'person',
          scopes: team.map((p: { id: string }) => ({ participantId: p.id, dataCategories: ['meeting-details'] })),
        },
      }),
      200,
    );

    const page = await browser.newPage();
    await target.signIn(page, raised.owner.id);
    await page.goto(`${target.baseUrl}/cases/${raised.caseId}`);
    await chooseLanguage(page, 'en');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page
      .getByRole('button', { name: /^Schedule at / })
      .first()
      .click();
    await page.getByText('Meeting scheduled; the invitations are on their way.').waitFor();
    await checkAccessibility(page, 'meeting scheduled (en)');

    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page
      .getByRole('button', { name: /^Move the meeting to / })
      .nth(1)
      .click();
    await page.getByText('Meeting moved; the participants are told.').waitFor();

    await page.getByRole('button', { name: 'Cancel the meeting' }).click();
    await page.getByText('Meeting cancelled; the participants are told.').waitFor();
    await page.close();
  });
});
