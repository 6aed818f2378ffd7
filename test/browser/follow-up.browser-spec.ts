import { alertBody, expectEventually } from '#concerto/testing';
import type { Locator, Page } from 'playwright-core';
import {
  type Browser,
  type BrowserTarget,
  checkAccessibility,
  launchBrowser,
  saveScreen,
  startBrowserTarget,
} from './kit.js';
import { chooseLanguage } from './web-app.js';

type Json = Record<string, any>;

// The embedded engine starts on Wednesday 28 April 2027, 08:00 UTC; the stack keeps its own development
// clock. Every date below is counted from the target's business time, so the embedded run keeps the
// dates it always had (meeting on Thursday 29 April, 08:00 UTC) and the stack gets the same shape.
const START = new Date('2027-04-28T08:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The calendar day in Brussels of `at`, as a date field wants it (YYYY-MM-DD). */
function brusselsDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(at);
}

/** `day` (YYYY-MM-DD) moved by `days` calendar days. */
function plusDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** How the web app shows a date typed as `day` at 10:00 in Brussels, in English (e.g. "Jun 1, 2027, 10:00 AM"). */
function shownAtTen(day: string): string {
  const month = new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
  return `${month} ${Number(day.slice(8, 10))}, ${day.slice(0, 4)}, 10:00 AM`;
}

/** How the web app shows `day` alone, in English (e.g. "Jun 1, 2027"). */
function shownDay(day: string): string {
  return shownAtTen(day).replace(', 10:00 AM', '');
}

/**
 * The worklist row of the case `ref`. The table is windowed and paged: on a long worklist (the stack
 * keeps earlier runs' cases) the row may be further down, so scroll window by window, then ask for more.
 */
async function worklistRow(page: Page, ref: string): Promise<Locator> {
  const link = page.getByRole('link', { name: `Open case ${ref}` });
  await page.getByTestId('worklist').waitFor();
  for (let step = 0; step < 500; step += 1) {
    if ((await link.count()) > 0) {
      return page.locator('tr', { has: link });
    }
    const atEnd = await page.locator('.worklist-scroll').evaluate((el) => {
      const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
      el.scrollTop += el.clientHeight;
      return end;
    });
    if (atEnd) {
      const more = page.getByRole('button', { name: 'Show more cases' });
      if ((await more.count()) === 0) {
        break;
      }
      await more.click();
    }
    // The window follows the scroll on the next animation frame.
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
  }
  throw new Error(`case ${ref} is not on the worklist`);
}

/** Issue 17, point 8: the record form, action items and "My actions" in a real Chromium. */
describe('after the meeting in the browser', () => {
  let browser: Browser;
  let target: BrowserTarget;

  beforeAll(async () => {
    [browser, target] = await Promise.all([launchBrowser(), startBrowserTarget({ startAt: START })]);
  });
  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  it("should let a coordinator record Simone's answer by phone and her concertation, and the home nurse mark her item done", async () => {
    const call = (method: 'get' | 'post', path: string, user: string, body?: Json) =>
      target.api.call(method === 'get' ? 'GET' : 'POST', path, { as: user, ...(body === undefined ? {} : { body }) });
    // The meeting starts on the hour, a day after now; the record is due after it.
    const meetingStart = new Date(Math.ceil(((await target.clock.now()).getTime() + DAY) / HOUR) * HOUR);
    const meetingDay = brusselsDay(meetingStart);
    const dueDay = plusDays(meetingDay, 6);
    const reviewDay = plusDays(meetingDay, 33);
    // On the stack, "My actions" of the same professional also lists earlier runs' items.
    const itemText = target.unique('Start daily visits');
    const raised = await call(
      'post',
      '/v1/alerts',
      'pro-pharmacist',
      alertBody({}, { familyName: target.unique('Peeters') }),
    );
    expect(raised.status).toBe(201);
    const caseId: string = raised.body.caseId;
    const coordinator: string = raised.body.owner.id;
    // Acknowledged, so that what the worklist dates the case by is its next review (issue 17, point 4),
    // not the signal's acknowledgement.
    await expectEventually(async () =>
      expect((await call('post', `/v1/cases/${caseId}/acknowledge`, coordinator, {})).status).toBe(200),
    );
    await expectEventually(async () => {
      const r = await call('get', `/v1/cases/${caseId}/participants`, coordinator);
      expect(r.body.participants).toHaveLength(1);
    });
    for (const body of [
      { kind: 'professional', professionalId: 'pro-home-nurse', email: 'nurse@example.test' },
      { kind: 'professional', professionalId: 'pro-social-worker', email: 's@example.test', phone: '+32 470 00 00 09' },
    ]) {
      expect((await call('post', `/v1/cases/${caseId}/participants`, coordinator, body)).status).toBe(201);
    }
    const team = (await call('get', `/v1/cases/${caseId}/participants`, coordinator)).body.participants as Json[];
    const consent = await call('post', `/v1/cases/${caseId}/consent`, coordinator, {
      decision: 'granted',
      givenBy: 'person',
      scopes: team.map((p) => ({ participantId: p.id, dataCategories: ['meeting-details', 'case-status'] })),
    });
    expect(consent.status).toBe(200);
    const scheduled = await call('post', `/v1/cases/${caseId}/concertations`, coordinator, {
      start: meetingStart.toISOString(),
      end: new Date(meetingStart.getTime() + HOUR).toISOString(),
      location: { kind: 'video' },
    });
    expect(scheduled.status).toBe(201);
    const concertationId: string = scheduled.body.concertation.id;

    const page = await browser.newPage();
    await target.signIn(page, coordinator);
    await page.goto(`${target.baseUrl}/cases/${caseId}/meetings/${concertationId}`);
    await chooseLanguage(page, 'en');

    // Simone answers by phone: the coordinator records it on her behalf.
    const form = page.locator('form', { hasText: 'Answer of Simone' });
    await form.getByLabel('Given by').selectOption('phone');
    await form.getByRole('button', { name: 'Record the answer' }).click();
    await page.getByText('recorded on their behalf').waitFor();
    const meeting = (await call('get', `/v1/concertations/${concertationId}`, coordinator)).body;
    expect(meeting.invitations).toContainEqual(
      expect.objectContaining({ status: 'accepted', onBehalf: expect.objectContaining({ channel: 'phone' }) }),
    );

    await target.clock.advanceTo(new Date(meetingStart.getTime() + HOUR + 30 * 60_000));
    await page.reload();
    await page.getByRole('heading', { name: 'Record the meeting' }).waitFor();

    // Held without anything: the API's missing fields are named next to the fields.
    await page.getByRole('button', { name: 'Save the record' }).click();
    await page.getByText('Required to mark the meeting held.').first().waitFor();

    await page.getByLabel('The person’s wishes, in their words (one per line, short)').fill('Stay at home');
    await page.getByLabel('Decisions (one per line, short)').fill('Daily nurse visits');
    await page.getByRole('button', { name: 'Add an action item' }).click();
    await page.getByLabel('What is to be done').fill(itemText);
    // The social worker, who has a phone, is proposed as the referent (R10).
    await page.getByLabel('Due date').fill(dueDay);
    await page.getByLabel('Next review date').fill(reviewDay);
    for (const lang of ['fr', 'nl', 'en'] as const) {
      await chooseLanguage(page, lang);
      await checkAccessibility(page, `record form (${lang})`);
      if (lang !== 'en') {
        await saveScreen(page, 'record-form', lang);
      }
    }
    await page.getByRole('button', { name: 'Save the record' }).click();
    await page.getByText('The record is saved.').waitFor();
    await page.getByText('Version 1', { exact: false }).waitFor();
    for (const lang of ['fr', 'nl', 'en'] as const) {
      await chooseLanguage(page, lang);
      await checkAccessibility(page, `record view (${lang})`);
      if (lang !== 'en') {
        await saveScreen(page, 'record-view', lang);
      }
    }
    const record = (await call('get', `/v1/concertations/${concertationId}/record`, coordinator)).body;
    expect(record).toMatchObject({ recorded: true, held: true, decisions: ['Daily nurse visits'] });
    expect(record.actionItems).toHaveLength(1);
    const item = record.actionItems[0];

    await page.goto(`${target.baseUrl}/cases/${caseId}`);
    await page.getByRole('heading', { level: 2, name: 'Action items' }).waitFor();
    // The next review the record planned (issue 17, point 4), on the case page.
    const nextReview = page.getByRole('region', { name: 'Next review' });
    await nextReview.getByText('a new concertation', { exact: false }).waitFor();
    for (const lang of ['fr', 'nl', 'en'] as const) {
      await chooseLanguage(page, lang);
      await checkAccessibility(page, `case page with action items (${lang})`);
    }

    // A date poll for the next review, its times typed in Brussels time.
    await page.getByLabel('Date 1 (Brussels time)').fill(`${reviewDay}T10:00`);
    await page.getByLabel('Date 2 (Brussels time)').fill(`${plusDays(reviewDay, 1)}T14:00`);
    await page.getByLabel('Answers until (Brussels time)').fill(`${plusDays(reviewDay, -7)}T12:00`);
    await page.getByRole('button', { name: 'Start the poll' }).click();
    await page.getByText('invited have answered').waitFor();
    // Typed as 10:00 in Brussels, stored in UTC (08:00 on the embedded run's 1 June 2027, summer
    // time), shown back as 10:00.
    await page.getByText(`${shownAtTen(reviewDay)}: 0 yes`, { exact: false }).waitFor();

    const owner = (await call('get', `/v1/cases/${caseId}/participants`, coordinator)).body.participants.find(
      (p: Json) => p.id === item.owner.participantId,
    ).professionalId as string;
    const nurse = await browser.newPage();
    await target.signIn(nurse, owner);
    await nurse.goto(`${target.baseUrl}/actions/mine`);
    await chooseLanguage(nurse, 'en');
    await nurse.getByText(itemText, { exact: false }).waitFor();
    for (const lang of ['fr', 'nl', 'en'] as const) {
      await chooseLanguage(nurse, lang);
      await checkAccessibility(nurse, `my actions (${lang})`);
      if (lang !== 'en') {
        await saveScreen(nurse, 'my-actions', lang);
      }
    }
    await nurse.locator('ul.items > li', { hasText: itemText }).getByRole('button', { name: 'Mark done' }).click();
    await nurse.getByText('The action item is updated.').waitFor();
    await expectEventually(async () => {
      const items = (await call('get', `/v1/cases/${caseId}/action-items`, coordinator)).body.items as Json[];
      expect(items.find((i) => i.id === item.id)?.status).toBe('done');
    });

    // The coordinator's worklist says the review is what is due, on its day (issue 17, point 4).
    await page.goto(`${target.baseUrl}/cases`);
    await chooseLanguage(page, 'en');
    const row = await worklistRow(page, caseId.slice(0, 8));
    await row.getByText(`Review due ${shownDay(reviewDay)}`).waitFor();
    for (const lang of ['fr', 'nl', 'en'] as const) {
      await chooseLanguage(page, lang);
      await checkAccessibility(page, `worklist with a review due (${lang})`);
    }
  });
});
