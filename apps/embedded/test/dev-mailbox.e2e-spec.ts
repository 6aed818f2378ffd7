import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '#concerto/config';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

/**
 * Issue 14, defect 1: the development mailbox showed every bassin's e-mails (with live answer
 * links) to every coordinator, was on by default and ignored NODE_ENV=production.
 */
describe('development mailbox (embedded, issue 14)', () => {
  /** A case in the bassin of `postalCode` with one professional invited by e-mail; the case id. */
  async function invitedByEmail(
    t: TestEngine,
    coordinator: string,
    postalCode: string,
    email: string,
  ): Promise<string> {
    const coord = await t.token(coordinator);
    const alert = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${await t.token('pro-pharmacist')}`)
      .send(alertBody({}, uniquePerson({ address: { postalCode }, preferredLanguage: 'fr' })));
    expect(alert.status).toBe(201);
    const caseId = alert.body.caseId as string;
    await expectEventually(async () =>
      expect(
        (await t.http().get(`/v1/cases/${caseId}/participants`).set('Authorization', `Bearer ${coord}`)).status,
      ).toBe(200),
    );
    const add = await t
      .http()
      .post(`/v1/cases/${caseId}/participants`)
      .set('Authorization', `Bearer ${coord}`)
      .send({ kind: 'professional', professionalId: 'pro-pharmacist', email });
    expect(add.status).toBe(201);
    await t
      .http()
      .post(`/v1/cases/${caseId}/consent`)
      .set('Authorization', `Bearer ${coord}`)
      .send({
        decision: 'granted',
        givenBy: 'person',
        scopes: [{ participantId: add.body.participant.id, dataCategories: ['meeting-details'] }],
      })
      .expect(200);
    const scheduled = await t
      .http()
      .post(`/v1/cases/${caseId}/concertations`)
      .set('Authorization', `Bearer ${coord}`)
      .send({
        start: '2030-11-25T13:00:00Z',
        end: '2030-11-25T14:00:00Z',
        location: { kind: 'video', label: 'https://meet.example.test/room' },
      });
    expect(scheduled.status).toBe(201);
    return caseId;
  }

  describe('when enabled', () => {
    let t: TestEngine;
    let nord: string;
    let sud: string;
    let admin: string;
    let nordCase: string;
    let nordMailId: string;

    type Item = { id: string; type: string; to?: string };
    const list = async (token: string) => {
      const res = await t.http().get('/v1/dev/mailbox').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      return res.body.items as Item[];
    };

    beforeAll(async () => {
      t = await startTestEngine({ config: { DEV_MAILBOX: 'true' } });
      nord = await t.token('coord-nord');
      sud = await t.token('coord-sud');
      admin = await t.token('admin');
      nordCase = await invitedByEmail(t, 'coord-nord', '1090', 'nord.pharmacist@example.test');
      await invitedByEmail(t, 'coord-sud', '1180', 'sud.pharmacist@example.test');
      nordMailId = await expectEventually(async () => {
        const mail = (await list(nord)).find((i) => i.to === 'nord.pharmacist@example.test');
        expect(mail).toBeDefined();
        return mail!.id;
      });
      await expectEventually(async () =>
        expect((await list(sud)).some((i) => i.to === 'sud.pharmacist@example.test')).toBe(true),
      );
    });
    afterAll(() => t?.close());

    it("should show a coordinator only their bassin's messages, and an admin all of them", async () => {
      expect((await list(nord)).map((i) => i.to)).not.toContain('sud.pharmacist@example.test');
      expect((await list(sud)).map((i) => i.to)).not.toContain('nord.pharmacist@example.test');
      expect((await list(admin)).map((i) => i.to)).toEqual(
        expect.arrayContaining(['nord.pharmacist@example.test', 'sud.pharmacist@example.test']),
      );
      // The list never shows the delivery key (it names the invitation).
      expect(JSON.stringify(await list(admin))).not.toMatch(/idempotencyKey/);
    });

    it("should refuse another bassin's coordinator the message and so its answer links, with a 404 on record", async () => {
      const denied = await t.http().get(`/v1/dev/mailbox/${nordMailId}`).set('Authorization', `Bearer ${sud}`);
      expect(denied.status).toBe(404);
      expect(denied.text).not.toMatch(/rsvp/);
      for (const token of [nord, admin]) {
        const raw = await t.http().get(`/v1/dev/mailbox/${nordMailId}`).set('Authorization', `Bearer ${token}`);
        expect(raw.status).toBe(200);
        expect(raw.headers['content-type']).toMatch(/^message\/rfc822/);
      }
      // A pharmacist reads nothing (an empty list, a 404 on the message, both audited); an unknown id is a 404 like a refusal.
      const pharmacist = await t.token('pro-pharmacist');
      const pharmacistList = await t.http().get('/v1/dev/mailbox').set('Authorization', `Bearer ${pharmacist}`);
      expect([pharmacistList.status, pharmacistList.body.items]).toEqual([200, []]);
      expect(
        (await t.http().get(`/v1/dev/mailbox/${nordMailId}`).set('Authorization', `Bearer ${pharmacist}`)).status,
      ).toBe(404);
      expect(
        (await t.http().get('/v1/dev/mailbox/ffffffffffffffffffffffffffffffff').set('Authorization', `Bearer ${sud}`))
          .status,
      ).toBe(404);
    });

    it('should audit every read, list and single, allowed and denied', async () => {
      await list(nord);
      await t.http().get(`/v1/dev/mailbox/${nordMailId}`).set('Authorization', `Bearer ${sud}`).expect(404);
      await t.http().get(`/v1/dev/mailbox/${nordMailId}`).set('Authorization', `Bearer ${nord}`).expect(200);
      await t.http().get('/v1/dev/mailbox/ffffffffffffffffffffffffffffffff').set('Authorization', `Bearer ${sud}`);
      const rows = await t.sql<{
        actor_id: string;
        subject_type: string;
        subject_id: string;
        purpose: string;
        outcome: string;
      }>(
        `SELECT "actor_id","subject_type","subject_id","purpose","outcome" FROM "notifications"."audit_log"
          WHERE "purpose" LIKE 'dev-mailbox-%'`,
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          {
            actor_id: 'coord-nord',
            subject_type: 'case',
            subject_id: nordCase,
            purpose: 'dev-mailbox-list',
            outcome: 'allowed',
          },
          {
            actor_id: 'coord-nord',
            subject_type: 'case',
            subject_id: nordCase,
            purpose: 'dev-mailbox-read',
            outcome: 'allowed',
          },
          {
            actor_id: 'coord-sud',
            subject_type: 'case',
            subject_id: nordCase,
            purpose: 'dev-mailbox-read',
            outcome: 'denied',
          },
          {
            actor_id: 'coord-sud',
            subject_type: 'principal',
            subject_id: 'coord-sud',
            purpose: 'dev-mailbox-read',
            outcome: 'denied',
          },
        ]),
      );
      // Coordinators of Sud never read a Nord case through the mailbox.
      expect(
        rows.filter((r) => r.actor_id === 'coord-sud' && r.subject_id === nordCase && r.outcome === 'allowed'),
      ).toEqual([]);
    });

    it('should keep the captured messages owner-only: 0600 files in a 0700 folder', async () => {
      const dir = join(t.dataDir, 'mailbox');
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      for (const file of ['index.jsonl', `${nordMailId}.eml`]) {
        expect([file, (await stat(join(dir, file))).mode & 0o777]).toEqual([file, 0o600]);
      }
    });
  });

  describe('by default', () => {
    let t: TestEngine;

    beforeAll(async () => {
      // An empty value is no value: DEV_MAILBOX keeps its default.
      t = await startTestEngine({ config: { DEV_MAILBOX: '' } });
    });
    afterAll(() => t?.close());

    it('should not serve the mailbox (404, even to an admin) while the messages still land in the folder', async () => {
      expect(t.engine.config.DEV_MAILBOX).toBe(false);
      const admin = await t.token('admin');
      expect((await t.http().get('/v1/dev/mailbox').set('Authorization', `Bearer ${admin}`)).status).toBe(404);
      await invitedByEmail(t, 'coord-nord', '1090', 'quiet.pharmacist@example.test');
      const dir = join(t.dataDir, 'mailbox');
      await expectEventually(async () => expect((await stat(join(dir, 'index.jsonl'))).mode & 0o777).toBe(0o600));
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      expect(
        (await t.http().get('/v1/dev/mailbox/ffffffffffffffffffffffffffffffff').set('Authorization', `Bearer ${admin}`))
          .status,
      ).toBe(404);
    });
  });

  it('should refuse to start with DEV_MAILBOX=true and NODE_ENV=production', async () => {
    await expect(startTestEngine({ config: { DEV_MAILBOX: 'true', NODE_ENV: 'production' } })).rejects.toThrow(
      ConfigError,
    );
  });
});
