/**
 * Answering from the calendar app in the distributed mode (issue 16, ADR 0023): the son presses
 * Accept in his calendar, which mails an iTIP REPLY to the invitation's ORGANIZER address; the
 * scheduling service's inbound SMTP listener (STACK_INBOUND_SMTP_PORT) records it as the answer
 * page would. Everything else goes through the gateway; the invitation is read from the stack's
 * mailbox folder. The embedded twin, with every client's REPLY: apps/embedded/test/calendar-replies.e2e-spec.ts.
 */
import nodemailer from 'nodemailer';
import { calendarParts, readCalendar, type ReadCalendarEvent } from '#concerto/testing';
import { appleReply, outlookReply, type ReplyFixture } from '../../apps/embedded/test/fixtures/calendar-replies.js';
import {
  alertBody,
  answerToken,
  call,
  eventually,
  GATEWAY_URL,
  type MailboxEntry,
  readMailbox,
  readMailboxMail,
  readStackClockOffset,
  StackTokens,
  uniquePerson,
} from './stack-client.js';

const INBOUND_PORT = Number(process.env.STACK_INBOUND_SMTP_PORT ?? 2525);
const icsStamp = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

describe(`answering from the calendar app: iTIP REPLY by SMTP to the distributed stack (${GATEWAY_URL}, SMTP ${INBOUND_PORT})`, () => {
  // The stack's database outlives runs: the son's address is this run's own.
  const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const son = `jan.${run}@example.test`;
  const stranger = `other.${run}@example.test`;
  let coord: string;
  let caseId: string;
  let concertationId: string;
  let invitationId: string;
  let organizer: string;
  let event: ReadCalendarEvent;
  let entry: MailboxEntry;

  const post = (path: string, body: unknown) => call('POST', path, { token: coord, body });
  const invitation = async () => {
    const r = await call('GET', `/v1/concertations/${concertationId}`, { token: coord });
    expect(r.status).toBe(200);
    return (r.body.invitations as Array<Record<string, unknown>>).find((i) => i.id === invitationId)!;
  };
  /** As the son's mail server would deliver it. The listener answers 250 once the answer is recorded or ignored. */
  const deliver = async (raw: string, from: string) => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: INBOUND_PORT,
      secure: false,
      ignoreTLS: true,
    });
    try {
      return await transport.sendMail({ envelope: { from, to: [organizer] }, raw });
    } finally {
      transport.close();
    }
  };
  const reply = (over: Partial<ReplyFixture> = {}): ReplyFixture => ({
    organizer,
    attendee: son,
    attendeeName: 'Jan Stack',
    uid: event.uid,
    sequence: event.sequence,
    partstat: 'ACCEPTED',
    start: icsStamp(event.start),
    end: icsStamp(event.end),
    ...over,
  });

  beforeAll(async () => {
    const tokens = await StackTokens.load();
    coord = await tokens.token('coord-sud');
    const res = await call('POST', '/v1/alerts', {
      token: await tokens.token('pro-home-nurse'),
      body: alertBody({}, uniquePerson({ address: { postalCode: '1180' }, preferredLanguage: 'nl' })),
    });
    expect(res.status).toBe(201);
    caseId = res.body.caseId;
  });

  it("invites the son by e-mail with a calendar object whose ORGANIZER is the invitation's reply address and whose description holds no answer link", async () => {
    const person = await eventually(async () => {
      const r = await call('GET', `/v1/cases/${caseId}/participants`, { token: coord });
      expect(r.body.participants).toHaveLength(1);
      return r.body.participants[0].id as string;
    }, 30000);
    const added = await post(`/v1/cases/${caseId}/participants`, {
      kind: 'relative',
      displayName: 'Jan Stack',
      language: 'nl',
      email: son,
    });
    expect(added.status).toBe(201);
    const sonId = added.body.participant.id as string;
    const scopes = [person, sonId].map((participantId) => ({ participantId, dataCategories: ['meeting-details'] }));
    expect((await post(`/v1/cases/${caseId}/consent`, { decision: 'granted', givenBy: 'person', scopes })).status).toBe(
      200,
    );
    // Three days ahead on the stack's clock (another spec may have moved it), on the hour.
    const now = Date.now() + (await readStackClockOffset());
    const start = new Date(Math.ceil((now + 3 * 86400_000) / 3600_000) * 3600_000);
    const scheduled = await post(`/v1/cases/${caseId}/concertations`, {
      start: start.toISOString(),
      end: new Date(start.getTime() + 3600_000).toISOString(),
      location: { kind: 'video', label: 'https://meet.example.test/reply' },
    });
    expect(scheduled.status).toBe(201);
    concertationId = scheduled.body.concertation.id;
    invitationId = (scheduled.body.concertation.invitations as Array<{ id: string; participantId: string }>).find(
      (i) => i.participantId === sonId,
    )!.id;

    entry = await eventually(async () => {
      const found = (await readMailbox()).find((m) => m.to === son && m.calendarMethod === 'REQUEST');
      expect(found).toBeDefined();
      return found!;
    }, 30000);
    const mail = await readMailboxMail(entry);
    const [calendar] = calendarParts(mail).filter((p) => p.inline);
    const unfolded = calendar.text.replace(/\r\n[ \t]/g, '');
    [event] = readCalendar(calendar.text).events;
    expect(event.uid.split('@')[0]).toBe(concertationId);
    organizer = /^ORGANIZER[^:]*:mailto:(.+)$/im.exec(unfolded)![1].trim();
    expect(organizer).toMatch(/^reply\+[a-z2-7]{26}@/);
    expect(organizer).not.toContain(invitationId.slice(0, 8));
    expect(event.attendees.map((a) => a.email.toLowerCase())).toContain(son);
    expect(event.description ?? '').not.toMatch(/https?:|\/v1\/rsvp\/|\/a\//);
    expect(unfolded).not.toContain('/a/');
    // The e-mail itself still carries the answer links.
    expect(mail.text).toContain('/a/');
    // The delivery report reaches scheduling first, so what follows is the answer and nothing else.
    await eventually(async () => expect((await invitation()).status).toBe('delivered'), 30000);
  });

  it("records the son's Accept from his calendar as the answer page would, and the same REPLY sent again records nothing more", async () => {
    const info = await deliver(appleReply(reply()), son);
    expect(info.accepted).toEqual([organizer]);
    const answered = await eventually(async () => {
      const inv = await invitation();
      expect(inv.status).toBe('accepted');
      return inv;
    }, 30000);
    expect(answered).not.toHaveProperty('onBehalf');
    // The answer page of his e-mail's link shows the answer his calendar gave.
    const link = await call('GET', `/v1/rsvp/${await answerToken(entry, 'accept')}`);
    expect(link.status).toBe(200);
    expect(link.body.answered).toBe('accepted');

    // A second press, or another client syncing the same answer (Outlook's shape, upper-case MAILTO).
    await deliver(appleReply(reply()), son);
    await deliver(outlookReply(reply()), son);
    expect(await invitation()).toEqual(answered);
  });

  it("changes nothing on a DECLINED REPLY from an address that is not the invitation's attendee", async () => {
    const before = await invitation();
    const info = await deliver(
      outlookReply(reply({ attendee: stranger, attendeeName: 'Someone Else', partstat: 'DECLINED' })),
      stranger,
    );
    // Taken (so the sender learns nothing about the address) but not recorded.
    expect(info.accepted).toEqual([organizer]);
    expect(await invitation()).toEqual(before);
    expect(before.status).toBe('accepted');
  });
});
