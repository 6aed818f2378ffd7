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

  it('should let a coordinator open an urgent case from the worklist and acknowledge it, keyboard only', async () => {
    const engine = target.engine!;
    const pharmacist = await engine.token('pro-pharmacist');
    const raised = (
      await engine
        .http()
        .post('/v1/alerts')
        .set('Authorization', `Bearer ${pharmacist}`)
        .send(alertBody({ urgency: 'urgent' }, uniquePerson({ address: { postalCode: '1090' } })))
        .expect(201)
    ).body;
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

    const coordinator = await engine.token(owner);
    await expectEventually(async () => {
      const res = await engine
        .http()
        .get(`/v1/cases/${raised.caseId}`)
        .set('Authorization', `Bearer ${coordinator}`)
        .expect(200);
      expect(res.body.status).toBe('acknowledged');
    });

    // Back on the worklist, the case shows its new status.
    await page.getByRole('link', { name: 'Retour à la liste de travail' }).click();
    const row = page.locator('tr', { has: page.getByRole('link', { name: `Ouvrir le dossier ${ref}` }) });
    await row.getByText('Pris en charge').waitFor();
    await page.close();
  });

  it('should update the worklist live when an alert arrives', async () => {
    const engine = target.engine!;
    const page = await browser.newPage();
    await target.signIn(page, 'coord-nord');
    await page.goto(`${target.baseUrl}/cases`);
    await page
      .getByRole('status')
      .filter({ hasText: /Mises à jour en direct|Live bijgewerkt|Live updates on/ })
      .waitFor();
    const pharmacist = await engine.token('pro-pharmacist');
    const raised = (
      await engine
        .http()
        .post('/v1/alerts')
        .set('Authorization', `Bearer ${pharmacist}`)
        .send(alertBody({}, uniquePerson({ address: { postalCode: '1090' } })))
        .expect(201)
    ).body;
    expect(raised.bassin.id).toBe('nord');
    await page.locator(`a[href="/cases/${raised.caseId}"]`).waitFor();
    await page.close();
  });

  it('should build the team, record consent and search a slot from the case page', async () => {
    const engine = target.engine!;
    const pharmacist = await engine.token('pro-pharmacist');
    const raised = (
      await engine
        .http()
        .post('/v1/alerts')
        .set('Authorization', `Bearer ${pharmacist}`)
        .send(alertBody({}, uniquePerson({ address: { postalCode: '1090' } })))
        .expect(201)
    ).body;
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
    const at = (days: number, hour: number) =>
      new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + days, hour))
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

    const coordinator = await engine.token(raised.owner.id);
    const consent = await engine
      .http()
      .get(`/v1/cases/${raised.caseId}/consent`)
      .set('Authorization', `Bearer ${coordinator}`)
      .expect(200);
    expect(consent.body.status).toBe('granted');
    await page.close();
  });

  it('should schedule a meeting at a found slot, move it, then cancel it', async () => {
    const engine = target.engine!;
    const pharmacist = await engine.token('pro-pharmacist');
    const raised = (
      await engine
        .http()
        .post('/v1/alerts')
        .set('Authorization', `Bearer ${pharmacist}`)
        .send(alertBody({}, uniquePerson({ address: { postalCode: '1090' } })))
        .expect(201)
    ).body;
    const coordinator = await engine.token(raised.owner.id);
    const as = (req: any) => req.set('Authorization', `Bearer ${coordinator}`);
    const WORKDAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['08:30-17:00']]));
    for (const pro of ['pro-gp', 'pro-home-nurse']) {
      // The care team exists once scheduling has consumed case.opened.
      await expectEventually(async () => {
        await as(engine.http().post(`/v1/cases/${raised.caseId}/participants`))
          .send({ kind: 'professional', professionalId: pro })
          .expect(201);
      });
      await as(engine.http().put(`/v1/calendars/${pro}/weekly-hours`))
        .send(WORKDAY)
        .expect(200);
    }
    const team = (await as(engine.http().get(`/v1/cases/${raised.caseId}/participants`)).expect(200)).body.participants;
    for (const p of team.filter((x: { kind: string }) => x.kind !== 'professional')) {
      await as(engine.http().put(`/v1/calendars/${p.id}/weekly-hours`))
        .send(WORKDAY)
        .expect(200);
    }
    await as(engine.http().post('/v1/bassins/nord/rooms'))
      .send({ name: `Salle ${raised.caseId.slice(0, 4)}`, capacity: 10, stepFree: true })
      .expect(201);
    await as(engine.http().post(`/v1/cases/${raised.caseId}/consent`))
      .send({
        decision: 'granted',
        givenBy: 'person',
        scopes: team.map((p: { id: string }) => ({ participantId: p.id, dataCategories: ['meeting-details'] })),
      })
      .expect(200);

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
