import { CLIENTS, type ReplyFixture } from '../../../../../../embedded/test/fixtures/calendar-replies.js';
import { readCalendarReplies, repliesOf } from './itip-reply.js';

const fixture = (over: Partial<ReplyFixture> = {}): ReplyFixture => ({
  organizer: 'reply+abcdefghijklmnopqrstuvwxyz@concerto.test',
  attendee: 'jan.peeters@example.test',
  attendeeName: 'Jan Peeters-Van den Broeck de la Fontaine',
  uid: '0b7c6a6e-52d5-4a4e-9a59-1f6d2e0c7e11@concerto.test',
  sequence: 2,
  partstat: 'ACCEPTED',
  start: '20261124T130000Z',
  end: '20261124T140000Z',
  ...over,
});

describe('reading iTIP REPLY e-mails', () => {
  it.each(Object.entries(CLIENTS))('should read the answer of a %s reply', async (_client, build) => {
    for (const partstat of ['ACCEPTED', 'DECLINED', 'TENTATIVE'] as const) {
      const replies = await readCalendarReplies(Buffer.from(build(fixture({ partstat }))));
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({
        uid: '0b7c6a6e-52d5-4a4e-9a59-1f6d2e0c7e11@concerto.test',
        sequence: 2,
        partstat,
      });
      expect(replies[0].attendee.toLowerCase()).toBe('jan.peeters@example.test');
    }
  });

  it('should ignore a forwarded REQUEST, a mail without calendar and garbage', async () => {
    const request = CLIENTS.apple(fixture()).replace(/REPLY/g, 'REQUEST');
    expect(request).not.toContain('REPLY');
    expect(await readCalendarReplies(Buffer.from(request))).toEqual([]);
    expect(await readCalendarReplies(Buffer.from('Subject: hello\r\n\r\nI will come!\r\n'))).toEqual([]);
    expect(await readCalendarReplies(Buffer.from('\u0000\u0001garbage'))).toEqual([]);
    expect(repliesOf('BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nEND:VCALENDAR')).toEqual([]);
  });

  it('should read SEQUENCE as 0 when absent and skip a REPLY without UID', () => {
    const ics = (lines: string[]) =>
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'METHOD:REPLY', 'BEGIN:VEVENT', ...lines, 'END:VEVENT', 'END:VCALENDAR'].join(
        '\r\n',
      );
    expect(repliesOf(ics(['UID:m@x', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b.c']))).toEqual([
      { uid: 'm@x', sequence: 0, attendee: 'a@b.c', partstat: 'ACCEPTED' },
    ]);
    expect(repliesOf(ics(['ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b.c']))).toEqual([]);
  });
});
