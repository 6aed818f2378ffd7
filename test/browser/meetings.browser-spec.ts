import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually } from '#concerto/testing';
import { InvitationCardsService } from '../../apps/scheduling/src/modules/concertations/interface/in-process/invitation-cards.service.js';
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

// Wednesday 28 April 2027, 10:00 in Brussels.
const clock = new ManualClock(new Date('2027-04-28T08:00:00Z'));
const LANGUAGES = ['fr', 'nl', 'en'] as const;

/** Issues 16/17 gaps: a case's meetings and polls, a poll's answers, and a hand-over from "My actions". */
describe('a case\'s meetings and polls, and a hand-over from "My actions", in the browser', () => {
  let browser: Browser;
  let target: BrowserTarget;

  beforeAll(async () => {
    [browser, target] = await Promise.all([launchBrowser(), startBrowserTarget({ clock })]);
  });
  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  /** Data setup through the public API, as any client would (kept in one place so it moves easily). */
  async function api(method: 'GET' | 'POST', path: string, user: string, body?: Json) {
    const res = await fetch(target.baseUrl + path, {
      method,
      headers: {
        authorization: 'Bearer ' + (await target.engine!.token(user)),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  }

  /** A poll invitee's answer token, as the e-mail would carry it (embedded only: read in process). */
  async function pollToken(invitationId: string): Promise<string> {
    const cards = target.engine!.engine.app.get(InvitationCardsService, { strict: false });
    return (await cards.pollCard(invitationId))!.answerUrl.split('/p/')[1];
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
    const raised = await api('POST', '/v1/alerts', 'pro-pharmacist', alertBody());
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
    const nurse = await add({ kind: 'professional', professionalId: 'pro-home-nurse', email: 'nurse@example.test' });
    const social = await add({
      kind: 'professional',
      professionalId: 'pro-social-worker',
      email: 'social@example.test',
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
      start: '2027-04-29T08:00:00Z',
      end: '2027-04-29T09:00:00Z',
      location: { kind: 'video' },
    });
    expect(meeting.status).toBe(201);
    const poll = await api('POST', `/v1/cases/${caseId}/concertations/polls`, coordinator, {
      options: [
        { start: '2027-05-03T08:00:00Z', end: '2027-05-03T09:00:00Z' },
        { start: '2027-05-04T12:00:00Z', end: '2027-05-04T13:00:00Z' },
      ],
      closesAt: '2027-04-30T16:00:00Z',
      location: { kind: 'video' },
    });
    expect(poll.status).toBe(201);
    for (const [participantId, answers] of [
      [person, ['yes', 'if-need-be']],
      [nurse, ['no', 'yes']],
    ] as const) {
      const invitation = (poll.body.invitations as Json[]).find((i) => i.participantId === participantId)!;
      const r = await fetch(`${target.baseUrl}/v1/polls/answers/${await pollToken(invitation.id)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ answers }),
      });
      expect(r.status).toBe(200);
    }
    const item = await api('POST', `/v1/cases/${caseId}/action-items`, coordinator, {
      kind: 'task',
      title: 'Ask for home help hours',
      owner: { participantId: nurse },
      dueOn: '2027-05-12',
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
    await nursePage.getByText('Ask for home help hours', { exact: false }).waitFor();
    for (const lang of LANGUAGES) {
      await chooseLanguage(nursePage, lang);
      await nursePage.locator('.item-actions button', { hasText: /…$/ }).click();
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
    const dialog = nursePage.getByRole('dialog', { name: 'Hand over: Ask for home help hours' });
    await dialog.getByLabel('New owner').selectOption(`p:${social}`);
    await dialog.getByRole('button', { name: 'Hand it over' }).click();
    await nursePage.getByText('Handed over. The new owner is told.').waitFor();
    await nursePage.getByText('Ask for home help hours', { exact: false }).waitFor({ state: 'detached' });
    expect((await api('GET', '/v1/action-items/mine', 'pro-social-worker')).body.items).toEqual([
      expect.objectContaining({ id: item.body.id }),
    ]);
  });
});
