import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { DEAD_LETTER_RETENTION_MS, Topic } from '#concerto/contracts';
import { InProcessDeadLetters, MessageTransport } from '#concerto/messaging';
import { alertBody, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

const run = promisify(execFile);

describe('dead letters of the embedded mode: list and replay (embedded)', () => {
  let t: TestEngine;
  let admin: string;
  let openingEnvelope: Record<string, unknown> & { data: Record<string, unknown> };

  beforeAll(async () => {
    t = await startTestEngine();
    admin = await t.token('admin');
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${await t.token('pro-pharmacist')}`)
      .send(alertBody({}, uniquePerson()));
    expect(res.status).toBe(201);
    const rows = await t.sql<{ envelope: typeof openingEnvelope }>(
      `SELECT "envelope" FROM "alerts"."outbox" WHERE "message_key" = $1`,
      [res.body.caseId],
    );
    openingEnvelope = rows[0].envelope;
  });
  afterAll(() => t?.close());

  /** An `alert.raised` about case `caseId`, as the alerts service would publish it. */
  const alertRaised = (caseId: string, opensCase: boolean) => {
    const id = randomUUID();
    const envelope = {
      ...openingEnvelope,
      id,
      subject: caseId,
      data: { ...openingEnvelope.data, caseId, alertId: randomUUID(), opensCase },
    };
    return {
      id,
      alertId: envelope.data.alertId as string,
      message: { topic: Topic.alertsAlertV1, key: caseId, value: JSON.stringify(envelope), headers: { 'ce-id': id } },
    };
  };
  const transport = () => t.engine.app.get(MessageTransport, { strict: false });
  const list = () => t.http().get('/v1/admin/dead-letters').set('Authorization', `Bearer ${admin}`);
  const replay = () => t.http().post('/v1/admin/dead-letters/replay').set('Authorization', `Bearer ${admin}`);

  it('should list a parked event without its content, replay it to the group that failed once the cause is fixed, and only once', async () => {
    // An alert joining a case that the cases service has never seen: it retries, then gives up.
    const caseId = randomUUID();
    const joining = alertRaised(caseId, false);
    await transport().publish([joining.message]);

    const parked = await list();
    expect(parked.status).toBe(200);
    expect(parked.body).toHaveLength(1);
    expect(parked.body[0]).toMatchObject({
      deadLetterTopic: `${Topic.alertsAlertV1}.dlt`,
      originalTopic: Topic.alertsAlertV1,
      key: caseId,
      eventId: joining.id,
      consumerGroup: 'cases.intake',
      attempts: '5',
      replayed: false,
    });
    expect(parked.body[0].error).toMatch(/does not exist yet/);
    expect(JSON.stringify(parked.body)).not.toContain(joining.alertId);

    // Replayed before the cause is fixed: the group fails again and a new letter holds the event.
    const early = await replay();
    expect(early.status).toBe(200);
    expect(early.body.map((d: { eventId: string; outcome: string }) => [d.eventId, d.outcome])).toEqual([
      [joining.id, 'dead-lettered-again'],
    ]);
    const afterEarly = (await list()).body as Array<{ id: string; eventId: string; replayed: boolean }>;
    expect(afterEarly.map((d) => [d.eventId, d.replayed])).toEqual([
      [joining.id, true],
      [joining.id, false],
    ]);

    // The cause is fixed (the opening alert arrives); the replay now attaches the joining alert, once.
    await transport().publish([alertRaised(caseId, true).message]);
    const fixed = await replay();
    expect(fixed.body.map((d: { id: string; outcome: string }) => [d.id, d.outcome])).toEqual([
      [afterEarly[1].id, 'handled'],
    ]);
    const attached = await t.sql(
      `SELECT 1 FROM "cases"."timeline" WHERE "case_id" = $1 AND "details"->>'alertId' = $2`,
      [caseId, joining.alertId],
    );
    expect(attached).toHaveLength(1);
    expect((await replay()).body).toEqual([]);
    expect(((await list()).body as Array<{ replayed: boolean }>).every((d) => d.replayed)).toBe(true);
  });

  it('should delete dead letters kept longer than a dead-letter topic keeps them, replayed or not', async () => {
    const stale = alertRaised(randomUUID(), false);
    await transport().publish([stale.message]);
    await t.sql(
      `UPDATE "messaging"."dead_letters" SET "stored_at" = now() - interval '31 days' WHERE "headers"->>'ce-id' = $1`,
      [stale.id],
    );
    const kept = ((await list()).body as Array<{ eventId: string }>)
      .filter((d) => d.eventId !== stale.id)
      .map((d) => d.eventId);
    expect(kept.length).toBeGreaterThan(0);

    expect(await t.engine.app.get(InProcessDeadLetters, { strict: false }).purge(DEAD_LETTER_RETENTION_MS)).toBe(1);
    expect(((await list()).body as Array<{ eventId: string }>).map((d) => d.eventId)).toEqual(kept);
  });

  it('should refuse dead letters to anyone but an administrator', async () => {
    for (const user of ['coord-nord', 'lead-nord', 'pro-pharmacist']) {
      const token = await t.token(user);
      expect((await t.http().get('/v1/admin/dead-letters').set('Authorization', `Bearer ${token}`)).status).toBe(403);
      expect(
        (await t.http().post('/v1/admin/dead-letters/replay').set('Authorization', `Bearer ${token}`)).status,
      ).toBe(403);
    }
    expect((await t.http().get('/v1/admin/dead-letters')).status).toBe(401);
  });

  it('should list and replay through `npm run dead-letters -- … --engine URL`', async () => {
    const poison = alertRaised(randomUUID(), false);
    await transport().publish([poison.message]);
    const server = t.engine.app.getHttpServer();
    // Closed by the engine's own shutdown in afterAll.
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cli = (command: string) =>
      run(process.execPath, ['scripts/dead-letters.mjs', command, '--engine', url], {
        env: { ...process.env, CONCERTO_TOKEN: admin },
      });
    const listed = await cli('list');
    expect(listed.stdout).toContain(`PENDING   alerts.alert.v1.dlt`);
    expect(listed.stdout).toContain(`event ${poison.id}  group cases.intake`);
    expect(listed.stdout).toMatch(/\d+ dead letter\(s\), 1 not replayed/);
    const replayed = await cli('replay');
    expect(replayed.stdout).toMatch(new RegExp(`DEAD-LETTERED-AGAIN .*event ${poison.id}`));
    expect(replayed.stdout).toContain('1 dead letter(s) replayed: 0 applied, 1 failed again, 0 without their consumer');
  });
});
