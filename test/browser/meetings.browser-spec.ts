import { alertBody, expectEventually } from '#concerto/testing';
import {
  type Browser,
  type BrowserTarget,
  checkAccessibility,
  launchBrowser,
  type Page,
  saveScreen,
  startBrowserTarget,
} from './kit.js';
import { chooseLanguage } from './web-app.js';

type Json = Record<string, any>;

// The embedded engine starts on Wednesday 28 April 2027, 10:00 in Brussels; the stack keeps its own
// development clock. Every date below is counted from the target's business time, so the embedded run
// keeps the dates it always had (meeting on Thursday 29 April, 08:00 UTC) and the stack gets the same shape.
const START = new Date('2027-04-28T08:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const LANGUAGES = ['fr', 'nl', 'en'] as const;

/** The calendar day in Brussels of `at`, as a date field wants it (YYYY-MM-DD). */
function brusselsDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(at);
}

/** Issues 16/17 gaps: a case's meetings and polls, a poll's answers, and a hand-over from "My actions". */
describe('a case\'s meetings and polls, and a hand-over from "My actions", in the browser', () => {
  let browser: Browser;
  let target: BrowserTarget;

  beforeAll(async () => {
    [browser, target] = await Promise.all([launchBrowser(), startBrowserTarget({ startAt: START })]);
  });
  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  /** Data setup through the public API, as any client would (kept in one place so it moves easily). */
  function api(method: 'GET' | 'POST' | 'PATCH', path: string, user: string, body?: Json) {
    return target.api.call<Json>(method, path, { as: user, ...(body === undefined ? {} : { body }) });
  }

  const POLL_LINK = /(https?:\/\/[^\s"<]+\/p\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?)/;

  /** The answer token of a date poll's link, as its e-mail or letter carries it. */
  function tokenOf(link: string | undefined): string {
    expect(link?.startsWith(`${target.baseUrl}/p/`)).toBe(true);
    return link!.split('/p/')[1];
  }

  /** The answer token in the first date poll e-mail sent to `address`. */
  async function pollToken(address: string): Promise<string> {
    return tokenOf(await target.mail.find((m) => (m.to.includes(address) ? POLL_LINK.exec(m.text)?.[1] : undefined)));
  }

  async function axeAndSave(page: Page, label: string, screen?: string) {
    for (const lang of LANGUAGES) {
      await chooseLanguage(page, lang);
      await checkAccessibility(page, `${label} (${lang})`);
      if (screen && lang !== 'en') {
        await saveScreen(page, screen, lang);
      }
    }
  }

  it("should show the coordinator the case's meetings and a poll's answers, and let the nurse hand her item over", async () => {
    // Everything happens on the hour, counted from now (the embedded run's 28 April, 08:00 UTC).
    const now = new Date(Math.ceil((await target.clock.now()).getTime() / HOUR) * HOUR);
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
    // On the stack, the database, the mailbox and "My actions" keep earlier runs' people, e-mails and items.
    const itemTitle = target.unique('Ask for home help hours');
    const [personEmail, nurseEmail, socialEmail] = ['simone', 'nurse', 'social'].map(
      (name) => `${target.unique(name)}@example.test`,
    );
    const raised = await api(
      'POST',
      '/v1/alerts',
      'pro-pharmacist',
      alertBody({}, { familyName: target.unique('Peeters') }),
    );
    expect(raised.status).toBe(201);
    const caseId: string = raised.body.caseId;
    const coordinator: string = raised.body.owner.id;
    const person = await expectEventually(async () => {
      const r = await api('GET', `/v1/cases/${caseId}/participants`, coordinator);
      expect(r.body.participants).toHaveLength(1);
      return r.body.participants[0].id as string;
    });
    const add = async (body: Json) => {
      const r = await api('POST', `/v1/cases/${caseId}/participants`, coordinator, body);
      expect(r.status).toBe(201);
      return r.body.participant.id as string;
    };
    const nurse = await add({ kind: 'professional', professionalId: 'pro-home-nurse', email: nurseEmail });
    const social = await add({
      kind: 'professional',
      professionalId: 'pro-social-worker',
      email: socialEmail,
    });
    expect(
      (
        await api('POST', `/v1/cases/${caseId}/consent`, coordinator, {
          decision: 'granted',
          givenBy: 'person',
          scopes: [
            { participantId: person, dataCategories: ['meeting-details', 'case-status'] },
            { participantId: nurse, dataCategories: ['meeting-details', 'care-team'] },
            { participantId: social, dataCategories: ['meeting-details'] },
          ],
        })
      ).status,
    ).toBe(200);
    const meeting = await api('POST', `/v1/cases/${caseId}/concertations`, coordinator, {
      start: at(DAY),
      end: at(DAY + HOUR),
      location: { kind: 'video' },
    });
    expect(meeting.status).toBe(201);
    // Simone's letters carry no link: she gives an e-mail address to get the poll's answer link, as the nurse.
    expect(
      (await api('PATCH', `/v1/cases/${caseId}/participants/${person}`, coordinator, { email: personEmail })).status,
    ).toBe(200);
    const poll = await api('POST', `/v1/cases/${caseId}/concertations/polls`, coordinator, {
      options: [
        { start: at(5 * DAY), end: at(5 * DAY + HOUR) },
        { start: at(6 * DAY + 4 * HOUR), end: at(6 * DAY + 5 * HOUR) },
      ],
      closesAt: at(2 * DAY + 8 * HOUR),
      location: { kind: 'video' },
    });
    expect(poll.status).toBe(201);
    for (const [participantId, address, answers] of [
      [person, personEmail, ['yes', 'if-need-be']],
      [nurse, nurseEmail, ['no', 'yes']],
    ] as const) {
      expect((poll.body.invitations as Json[]).some((i) => i.participantId === participantId)).toBe(true);
      const r = await target.api.call('POST', `/v1/polls/answers/${await pollToken(address)}`, { body: { answers } });
      expect(r.status).toBe(200);
    }
    const item = await api('POST', `/v1/cases/${caseId}/action-items`, coordinator, {
      kind: 'task',
      title: itemTitle,
      owner: { participantId: nurse },
      dueOn: brusselsDay(new Date(now.getTime() + 14 * DAY)),
    });
    expect(item.status).toBe(201);

    // The coordinator sees the case's meetings and polls on its page.
    const page = await browser.newPage();
    await target.signIn(page, coordinator);
    await page.goto(`${target.baseUrl}/cases/${caseId}`);
    await chooseLanguage(page, 'en');
    const meetings = page.getByTestId('case-meetings');
    await meetings.getByText('planned').waitFor();
    await meetings.getByText('3 invited: 0 coming, 0 not coming, 0 written input, 3 not answered yet').waitFor();
    await page.getByTestId('case-polls').getByText('open until', { exact: false }).waitFor();
    await axeAndSave(page, 'case page with meetings and polls', 'case-meetings');

    // The poll's answers, per date and per invitee; the coordinator fixes the first date.
    await chooseLanguage(page, 'en');
    await page.getByRole('link', { name: 'Poll of 2 dates', exact: false }).click();
    const perDate = page.getByRole('table', { name: 'Answers per date' });
    await perDate.waitFor();
    const first = perDate.getByRole('row').nth(1);
    expect(await first.getByRole('cell').allInnerTexts()).toEqual(['1', '0', '1', '1', expect.any(String)]);
    await page.getByRole('table', { name: 'Answers per invitee' }).getByText('If need be').waitFor();
    await axeAndSave(page, 'date poll answers', 'poll-answers');
    await chooseLanguage(page, 'en');
    await first.getByRole('button', { name: 'Choose', exact: false }).click();
    await page.getByText('Date chosen: the meeting is scheduled', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'Open the meeting' }).waitFor();
    const read = await api('GET', `/v1/polls/${poll.body.id}`, coordinator);
    expect(read.body).toMatchObject({ status: 'closed', outcome: { chosenOption: 0 } });
    expect(read.body.concertationId).toEqual(expect.any(String));

    // The home nurse hands her item over to the social worker from "My actions".
    const nursePage = await browser.newPage();
    await target.signIn(nursePage, 'pro-home-nurse');
    await nursePage.goto(`${target.baseUrl}/actions/mine`);
    await chooseLanguage(nursePage, 'en');
    await nursePage.getByText(itemTitle, { exact: false }).waitFor();
    for (const lang of LANGUAGES) {
      await chooseLanguage(nursePage, lang);
      await nursePage
        .locator('ul.items > li', { hasText: itemTitle })
        .locator('.item-actions button', { hasText: /…$/ })
        .click();
      const dialog = nursePage.getByRole('dialog');
      await dialog.locator('select[name="owner"]').waitFor();
      await checkAccessibility(nursePage, `hand-over dialog (${lang})`);
      if (lang !== 'en') {
        await saveScreen(nursePage, 'hand-over', lang);
      }
      if (lang !== 'en') {
        await nursePage.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
      }
    }
    const dialog = nursePage.getByRole('dialog', { name: `Hand over: ${itemTitle}` });
    await dialog.getByLabel('New owner').selectOption(`p:${social}`);
    await dialog.getByRole('button', { name: 'Hand it over' }).click();
    await nursePage.getByText('Handed over. The new owner is told.').waitFor();
    await nursePage.getByText(itemTitle, { exact: false }).waitFor({ state: 'detached' });
    // The social worker's items of this case (on the stack, earlier runs' cases give her items too).
    const mine = (await api('GET', '/v1/action-items/mine', 'pro-social-worker')).body.items as Json[];
    expect(mine.filter((i) => i.caseId === caseId)).toEqual([expect.objectContaining({ id: item.body.id })]);
  });
});
