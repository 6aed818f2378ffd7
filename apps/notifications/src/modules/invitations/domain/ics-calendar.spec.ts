import { readCalendar } from '#concerto/testing';
import { buildIcs, escapeText, foldLine, type IcsEvent, meetingUid } from './ics-calendar.js';

const base = (over: Partial<IcsEvent> = {}): IcsEvent => ({
  method: 'REQUEST',
  uid: meetingUid('c0ffee00-1111-4222-8333-444455556666', 'concerto.example'),
  sequence: 0,
  dtstamp: new Date('2026-10-01T08:00:00Z'),
  start: new Date('2026-10-27T09:00:00Z'), // 10:00 in Brussels (CET, after the October change)
  end: new Date('2026-10-27T10:30:00Z'),
  summary: 'Réunion de concertation',
  description: 'Bonjour,\nvous êtes invité.',
  location: 'Salle du bassin Nord, rue Haute 12, 1000 Bruxelles',
  organizer: { name: 'Anne Dupont', email: 'anne.dupont@bassin-nord.example' },
  attendees: [
    { name: 'Dr Jan Peeters', email: 'jan.peeters@huisarts.example', required: true },
    { name: 'Marie, voisine', email: 'marie@example.org', required: false },
  ],
  ...over,
});

describe('iCalendar writer', () => {
  it('should write a REQUEST that an independent parser reads back', () => {
    const ics = buildIcs(base());
    const cal = readCalendar(ics);
    expect(cal.method).toBe('REQUEST');
    expect(cal.version).toBe('2.0');
    expect(cal.prodid).toMatch(/Concerto/);
    expect(cal.timezones).toEqual(['Europe/Brussels']);
    expect(cal.events).toHaveLength(1);
    const e = cal.events[0];
    expect(e.uid).toBe('c0ffee00-1111-4222-8333-444455556666@concerto.example');
    expect(e.sequence).toBe(0);
    expect(e.status).toBe('CONFIRMED');
    expect(e.dtstamp.toISOString()).toBe('2026-10-01T08:00:00.000Z');
    expect(e.organizer).toMatchObject({ email: 'anne.dupont@bassin-nord.example', cn: 'Anne Dupont' });
    expect(e.attendees).toEqual([
      expect.objectContaining({
        email: 'jan.peeters@huisarts.example',
        cn: 'Dr Jan Peeters',
        role: 'REQ-PARTICIPANT',
        partstat: 'NEEDS-ACTION',
        rsvp: 'TRUE',
      }),
      expect.objectContaining({ email: 'marie@example.org', cn: 'Marie, voisine', role: 'OPT-PARTICIPANT' }),
    ]);
  });

  it('should use CRLF line endings only and end with CRLF', () => {
    const ics = buildIcs(base());
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(ics).toContain('\r\nDTSTART;TZID=Europe/Brussels:20261027T100000\r\n');
    expect(ics).toContain('\r\nDTSTAMP:20261001T080000Z\r\n');
  });

  it('should carry a VTIMEZONE with the European daylight-saving rules', () => {
    const ics = buildIcs(base());
    expect(ics).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
    expect(ics).toContain('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU');
  });

  it.each([
    // [UTC start, Brussels wall clock] around both changes of 2026 (29 March, 25 October) and 2027 (28 March)
    ['2026-03-28T09:00:00Z', '2026-03-28T10:00:00'], // CET, day before spring change
    ['2026-03-30T08:00:00Z', '2026-03-30T10:00:00'], // CEST, day after
    ['2026-10-24T08:00:00Z', '2026-10-24T10:00:00'], // CEST, day before autumn change
    ['2026-10-26T09:00:00Z', '2026-10-26T10:00:00'], // CET, day after
    ['2027-03-28T01:30:00Z', '2027-03-28T03:30:00'], // just after the 02:00 → 03:00 jump
    ['2026-12-31T23:30:00Z', '2027-01-01T00:30:00'], // new year in Brussels, not yet in UTC
  ])('should write %s as Brussels local %s, resolved back to the same instant', (utc, local) => {
    const start = new Date(utc);
    const cal = readCalendar(buildIcs(base({ start, end: new Date(start.getTime() + 3600_000) })));
    const e = cal.events[0];
    expect(e.startTzid).toBe('Europe/Brussels');
    expect(e.startLocal).toBe(local);
    expect(e.start.toISOString()).toBe(start.toISOString());
    expect(e.end.getTime() - e.start.getTime()).toBe(3600_000);
  });

  it.each([
    ['2026-10-25T00:30:00Z'], // first 02:30 of the repeated hour (CEST)
    ['2026-10-25T01:30:00Z'], // second 02:30 (CET)
  ])('should write the ambiguous autumn hour %s in UTC so no client can misread it', (utc) => {
    const start = new Date(utc);
    const ics = buildIcs(base({ start, end: new Date(start.getTime() + 3600_000) }));
    expect(ics).toContain(`\r\nDTSTART:${utc.replace(/[-:]/g, '')}\r\n`);
    expect(readCalendar(ics).events[0].start.toISOString()).toBe(start.toISOString());
  });

  it('should escape commas, semicolons, backslashes and line breaks in text', () => {
    const summary = 'Concertation; suivi, retour à domicile \\ plan';
    const description = 'Ligne 1\nLigne 2\r\nLigne 3; a,b \\ c';
    expect(escapeText(summary)).toBe('Concertation\\; suivi\\, retour à domicile \\\\ plan');
    const e = readCalendar(buildIcs(base({ summary, description }))).events[0];
    expect(e.summary).toBe(summary);
    expect(e.description).toBe('Ligne 1\nLigne 2\nLigne 3; a,b \\ c');
  });

  it('should fold long lines at 75 octets without cutting a UTF-8 character', () => {
    const description = 'Réunion à la maison médicale — éèêë àâä ôö ûü ç œ € 😀 '.repeat(6);
    const ics = buildIcs(base({ description }));
    for (const line of ics.split('\r\n')) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
    }
    expect(readCalendar(ics).events[0].description).toBe(description);
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    const euros = foldLine('€'.repeat(60)); // 3 bytes each: 25 on the first line, then 24 after the leading space
    expect(euros.split('\r\n').map((l) => Buffer.byteLength(l))).toEqual([75, 73, 34]);
  });

  it('should quote names with commas or quotes in CN parameters', () => {
    const e = readCalendar(
      buildIcs(base({ organizer: { name: 'Dupont, "Anne"; coordinatrice', email: 'a@b.example' } })),
    ).events[0];
    expect(e.organizer).toMatchObject({ email: 'a@b.example', cn: "Dupont, 'Anne'; coordinatrice" });
  });

  it('should write a CANCEL with the same UID, a higher sequence and STATUS:CANCELLED', () => {
    const request = readCalendar(buildIcs(base({ sequence: 1 })));
    const cancel = readCalendar(buildIcs(base({ method: 'CANCEL', sequence: 2 })));
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.events[0].uid).toBe(request.events[0].uid);
    expect(cancel.events[0].sequence).toBe(2);
    expect(cancel.events[0].status).toBe('CANCELLED');
    expect(cancel.events[0].attendees[0].rsvp).toBe('FALSE');
  });

  it('should write a video link as URL', () => {
    const e = readCalendar(buildIcs(base({ url: 'https://meet.example/abc?x=1' }))).events[0];
    expect(e.url).toBe('https://meet.example/abc?x=1');
  });

  it('should refuse things that would corrupt the calendar', () => {
    expect(() => buildIcs(base({ organizer: { email: 'bad\r\nATTENDEE:mailto:x@y' } }))).toThrow();
    expect(() => buildIcs(base({ end: new Date('2026-10-27T08:00:00Z') }))).toThrow();
    expect(() => buildIcs(base({ sequence: -1 }))).toThrow();
    expect(() => buildIcs(base({ url: 'javascript:alert(1)' }))).toThrow();
    expect(() => meetingUid('a b', 'x.example')).toThrow();
  });

  it('should keep the UID stable for the same meeting', () => {
    expect(meetingUid('m-1', 'concerto.example')).toBe(meetingUid('m-1', 'concerto.example'));
  });
});
