import { LIMITS } from '#concerto/config';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

/** The longest date-time the API accepts (LIMITS.text.dateTimeChars): hour `i` after 2027-01-04, nanoseconds padded. */
function longestDateTime(hoursAfter: number): string {
  const iso = new Date(Date.UTC(2027, 0, 4, 0, 0, 0) + hoursAfter * 3_600_000).toISOString().slice(0, 19);
  const fraction = '.' + '0'.repeat(LIMITS.text.dateTimeChars - iso.length - '.'.length - '+00:00'.length);
  return `${iso}${fraction}+00:00`;
}

const maximalBlocks = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ start: longestDateTime(2 * i), end: longestDateTime(2 * i + 1) }));

/** Issue 14, defect 7: one table of limits (docs/limits.md), the same on every route. */
describe('limits (embedded)', () => {
  let t: TestEngine;
  let gp: string;

  beforeAll(async () => {
    t = await startTestEngine();
    gp = await t.token('pro-gp');
  });
  afterAll(() => t.close());

  const expectProblem = (res: { status: number; headers: Record<string, string> }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  };

  it('should accept the longest list of busy blocks, each with the longest date-times, and refuse one more with 400 naming the field', async () => {
    const blocks = maximalBlocks(LIMITS.lists.busyBlocks);
    expect(blocks[0].start).toHaveLength(LIMITS.text.dateTimeChars);
    const accepted = await t
      .http()
      .put('/v1/calendars/pro-gp/busy')
      .set('Authorization', `Bearer ${gp}`)
      .send({ blocks });
    expect(accepted.status).toBe(200);
    expect(accepted.body.imported).toBe(LIMITS.lists.busyBlocks);
    const rows = await t.sql<{ n: string }>(
      `SELECT count(*) AS n FROM "scheduling"."busy_blocks" WHERE "owner_id" = 'pro-gp' AND "source" = 'api'`,
    );
    expect(Number(rows[0].n)).toBe(LIMITS.lists.busyBlocks);

    const refused = await t
      .http()
      .put('/v1/calendars/pro-gp/busy')
      .set('Authorization', `Bearer ${gp}`)
      .send({ blocks: maximalBlocks(LIMITS.lists.busyBlocks + 1) });
    expectProblem(refused, 400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain('blocks');
  });

  it('should answer 413 problem+json to a JSON body or a calendar file over its limit', async () => {
    const json = await t
      .http()
      .put('/v1/calendars/pro-gp/busy')
      .set('Authorization', `Bearer ${gp}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ blocks: [], pad: 'x'.repeat(LIMITS.body.jsonBytes) }));
    expectProblem(json, 413);
    expect(json.body.type).toMatch(/payload-too-large/);

    const ics = await t
      .http()
      .put('/v1/calendars/pro-gp/busy.ics')
      .set('Authorization', `Bearer ${gp}`)
      .set('Content-Type', 'text/calendar')
      .send(oversizedCalendar());
    expectProblem(ics, 413);
    expect(ics.body.type).toMatch(/payload-too-large/);
  });

  it(`should keep a care team to ${LIMITS.careTeam.maxParticipants} participants, the person included, then 409 problem+json`, async () => {
    const coord = await t.token('coord-sud');
    const raised = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${gp}`)
      .send(alertBody({}, uniquePerson({ address: { postalCode: '1180' } })));
    expect(raised.status).toBe(201);
    const caseId = raised.body.caseId as string;
    const team = async () =>
      (await t.http().get(`/v1/cases/${caseId}/participants`).set('Authorization', `Bearer ${coord}`)).body
        .participants as unknown[];
    await expectEventually(async () => expect(await team()).toHaveLength(1)); // the person
    const add = (i: number) =>
      t
        .http()
        .post(`/v1/cases/${caseId}/participants`)
        .set('Authorization', `Bearer ${coord}`)
        .send({ kind: 'volunteer', displayName: `Volunteer ${i}` });
    for (let i = 1; i < LIMITS.careTeam.maxParticipants; i++) {
      expect([i, (await add(i)).status]).toEqual([i, 201]);
    }
    const full = await add(LIMITS.careTeam.maxParticipants);
    expectProblem(full, 409);
    expect(full.body.type).toMatch(/care-team-full$/);
    expect(full.body.limit).toBe(LIMITS.careTeam.maxParticipants);
    expect(await team()).toHaveLength(LIMITS.careTeam.maxParticipants);
  });
});

describe('client address behind a proxy, and the calendar import budget (embedded)', () => {
  let t: TestEngine;

  beforeAll(async () => {
    // The gateway of this deployment is 203.0.113.1: requests from anywhere else are their own client.
    t = await startTestEngine({
      config: {
        TRUSTED_PROXIES: '203.0.113.1',
        ANSWER_LINK_RATE_LIMIT_PER_MINUTE: '2',
        CALENDAR_IMPORT_RATE_LIMIT_PER_MINUTE: '2',
      },
    });
  });
  afterAll(() => t.close());

  it('should believe X-Forwarded-For only from a trusted proxy: an untrusted caller cannot pick a fresh budget per request', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await t.http().get(`/v1/rsvp/guess-${i}`).set('X-Forwarded-For', `198.51.100.${i}`)).status);
    }
    expect(statuses.slice(0, 2).every((s) => s !== 429)).toBe(true);
    expect(statuses[2]).toBe(429);
  });

  it('should give each user a calendar import budget, on top of the write budget', async () => {
    const importAs = async (user: string) =>
      (
        await t
          .http()
          .put(`/v1/calendars/${user}/busy.ics`)
          .set('Authorization', `Bearer ${await t.token(user)}`)
          .set('Content-Type', 'text/calendar')
          .send('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//limits//EN\r\nEND:VCALENDAR\r\n')
      ).status;
    expect([await importAs('pro-gp'), await importAs('pro-gp'), await importAs('pro-gp')]).toEqual([200, 200, 429]);
    // Another user has their own budget, and other writes of the same user are not counted against it.
    expect(await importAs('pro-home-nurse')).toBe(200);
  });
});

/** An iCalendar file one byte over LIMITS.body.calendarBytes. */
export function oversizedCalendar(): string {
  const head = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//limits//EN\r\nX-PAD:';
  const tail = '\r\nEND:VCALENDAR\r\n';
  return head + 'x'.repeat(LIMITS.body.calendarBytes + 1 - head.length - tail.length) + tail;
}
