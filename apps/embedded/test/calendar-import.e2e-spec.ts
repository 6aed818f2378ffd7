import { readFileSync } from 'node:fs';
import { ManualClock } from '#concerto/ddd';
import { startTestEngine, type TestEngine } from '#concerto/testing';

const fixture = (name: string): string =>
  readFileSync(
    new URL(`../../scheduling/src/modules/slots/infrastructure/calendar-corpus/${name}`, import.meta.url),
    'utf8',
  );

/** PUT /v1/calendars/{ownerId}/busy.ics: busy time over a bounded window from now, warnings in the answer, limits as 4xx. */
describe('calendar import (embedded)', () => {
  let t: TestEngine;
  let token: string;
  const clock = new ManualClock(new Date('2026-11-01T23:00:00Z')); // Monday 2 November 2026, 00:00 Brussels

  beforeAll(async () => {
    // Eight imports here; the import budget (CALENDAR_IMPORT_RATE_LIMIT_PER_MINUTE) has its own test in limits.e2e-spec.ts.
    t = await startTestEngine({ clock, config: { CALENDAR_IMPORT_RATE_LIMIT_PER_MINUTE: '100' } });
    token = await t.token('pro-gp');
  });
  afterAll(() => t.close());

  const put = (body: string, type = 'text/calendar') =>
    t
      .http()
      .put('/v1/calendars/pro-gp/busy.ics')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', type)
      .send(body);

  it('stores the standing Monday meeting started in 2019 for the weeks ahead, and answers with the window and the warnings', async () => {
    const res = await put(fixture('google.ics'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      imported: expect.any(Number),
      window: { start: '2026-11-01T23:00:00.000Z', end: '2027-12-06T23:00:00.000Z' },
      warnings: expect.arrayContaining([
        expect.objectContaining({ code: 'cancelled', count: 1, uids: ['weekly-wednesday-visits@google.com'] }),
        expect.objectContaining({ code: 'transparent', count: 1 }),
      ]),
    });
    const rows = await t.sql<{ start_at: Date; end_at: Date }>(
      `SELECT "start_at","end_at" FROM "scheduling"."busy_blocks" WHERE "owner_id" = 'pro-gp' AND "source" = 'ical' AND "start_at" < $1 ORDER BY "start_at"`,
      [new Date('2026-11-10T00:00:00Z')],
    );
    expect(rows.map((r) => `${new Date(r.start_at).toISOString()}/${new Date(r.end_at).toISOString()}`)).toEqual([
      '2026-11-02T08:00:00.000Z/2026-11-02T11:00:00.000Z',
      '2026-11-03T12:00:00.000Z/2026-11-03T13:00:00.000Z',
      '2026-11-05T15:00:00.000Z/2026-11-05T16:00:00.000Z',
      '2026-11-09T08:00:00.000Z/2026-11-09T11:00:00.000Z',
    ]);
    // A year on, the same Monday meeting still blocks its slot.
    const later = await t.sql<{ n: string }>(
      `SELECT count(*) AS n FROM "scheduling"."busy_blocks" WHERE "owner_id" = 'pro-gp' AND "start_at" = $1`,
      [new Date('2027-11-01T08:00:00Z')],
    );
    expect(Number(later[0].n)).toBe(1);
  });

  it.each([
    [
      'a rule with COUNT=10^9',
      'BEGIN:VEVENT\r\nDTSTART:20261102T080000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=1000000000\r\nEND:VEVENT',
      'ical-too-complex',
    ],
    [
      'FREQ=SECONDLY',
      'BEGIN:VEVENT\r\nDTSTART:20261102T080000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT',
      'ical-too-complex',
    ],
    ['deep nesting', 'BEGIN:X\r\n'.repeat(100) + 'END:X\r\n'.repeat(100), 'ical-too-complex'],
    [
      'thousands of VEVENTs',
      'BEGIN:VEVENT\r\nDTSTART:20261102T080000Z\r\nEND:VEVENT\r\n'.repeat(6000),
      'ical-too-complex',
    ],
    ['a broken file', 'BEGIN:VEVENT\r\nDTSTART\r\nEND:VEVENT', 'ical-invalid'],
  ])('answers 422 for %s and keeps the previous import', async (_, inner, type) => {
    const res = await put(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${inner}\r\nEND:VCALENDAR\r\n`);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toContain(type);
    const [row] = await t.sql<{ n: string }>(
      `SELECT count(*) AS n FROM "scheduling"."busy_blocks" WHERE "owner_id" = 'pro-gp' AND "source" = 'ical'`,
    );
    expect(Number(row.n)).toBeGreaterThan(50);
  });

  it('answers 413 for a 10 MB file and 415 for another media type', async () => {
    expect(
      (await put('BEGIN:VCALENDAR\r\n' + 'X-PAD:'.padEnd(70, 'x').concat('\r\n').repeat(150_000) + 'END:VCALENDAR\r\n'))
        .status,
    ).toBe(413);
    expect((await put(fixture('google.ics'), 'text/plain')).status).toBe(415);
  });
});
