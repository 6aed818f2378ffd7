import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import pg from 'pg';
import { ManualClock } from '#concerto/ddd';
import { FieldCipher, newFieldKey, parseFieldKey } from '#concerto/persistence';
import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';

// Monday 23 November 2026, 09:00 in Brussels; the discharge is Thursday.
const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
const DISCHARGE = '2026-11-26T16:00:00+01:00';

/** A Belgian national register number with a valid checksum for someone born in 1937. */
function nationalNumber(yymmdd: string, serial: string): string {
  const base = Number(`${yymmdd}${serial}`);
  return `${yymmdd}${serial}${String(97 - (base % 97)).padStart(2, '0')}`;
}

const NISS = nationalNumber('370214', '287');
const PERSON = {
  givenName: 'Zénobie',
  familyName: 'Quaglieri',
  birthDate: '1937-02-14',
  nationalNumber: `${NISS.slice(0, 2)}.${NISS.slice(2, 4)}.${NISS.slice(4, 6)}-${NISS.slice(6, 9)}.${NISS.slice(9)}`,
  email: 'zenobie.quaglieri@example.test',
  phone: '+32 470 98 76 54',
  postalAddress: 'Rue des Glycines 77, 1180 Uccle',
};
/** Every identifier as it could be stored: as given, folded, digits only. */
const IDENTIFIERS = [
  PERSON.givenName,
  'Zenobie',
  PERSON.familyName,
  PERSON.birthDate,
  NISS,
  PERSON.email,
  PERSON.phone,
  PERSON.phone.replace(/\s/g, ''),
  'Rue des Glycines',
];

const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

/** Which identifiers appear in a file's raw bytes: UTF-8 as given and lower-case, and UTF-16. */
function identifiersIn(bytes: Buffer): string[] {
  return IDENTIFIERS.filter((id) =>
    [id, id.toLowerCase(), id.toUpperCase()].some(
      (form) => bytes.includes(Buffer.from(form, 'utf8')) || bytes.includes(Buffer.from(form, 'utf16le')),
    ),
  );
}

async function raiseAndInvite(t: TestEngine): Promise<{ caseId: string; personId: string }> {
  const coord = await t.token('coord-sud');
  const res = await t
    .http()
    .post('/v1/alerts')
    .set(...auth(await t.token('pro-hospital-nurse')))
    .send(
      alertBody(
        { type: 'imminent-discharge', urgency: 'urgent', deadline: DISCHARGE },
        {
          givenName: PERSON.givenName,
          familyName: PERSON.familyName,
          birthDate: PERSON.birthDate,
          nationalNumber: PERSON.nationalNumber,
          address: { postalCode: '1180' },
          preferredLanguage: 'fr',
        },
      ),
    );
  expect(res.status).toBe(201);
  const caseId = res.body.caseId as string;
  let personId = '';
  await expectEventually(async () => {
    const team = await t
      .http()
      .get(`/v1/cases/${caseId}/participants`)
      .set(...auth(coord));
    expect(team.body.participants).toHaveLength(1);
    personId = team.body.participants[0].id;
  });
  const contact = await t
    .http()
    .patch(`/v1/cases/${caseId}/participants/${personId}`)
    .set(...auth(coord))
    .send({ email: PERSON.email, phone: PERSON.phone, postalAddress: PERSON.postalAddress });
  expect(contact.status).toBe(200);
  const consent = await t
    .http()
    .post(`/v1/cases/${caseId}/consent`)
    .set(...auth(coord))
    .send({
      decision: 'granted',
      givenBy: 'person',
      scopes: [{ participantId: personId, dataCategories: ['meeting-details'] }],
    });
  expect(consent.status).toBe(200);
  await t
    .http()
    .put(`/v1/calendars/${personId}/weekly-hours`)
    .set(...auth(coord))
    .send({ mon: ['10:00-17:00'], tue: ['10:00-17:00'], wed: ['10:00-17:00'], thu: ['10:00-17:00'] })
    .expect(200);
  const search = await t
    .http()
    .post(`/v1/cases/${caseId}/concertations/slot-search`)
    .set(...auth(coord))
    .send({ durationMinutes: 60 });
  expect(search.body.slots.length).toBeGreaterThan(0);
  const meeting = await t
    .http()
    .post(`/v1/cases/${caseId}/concertations`)
    .set(...auth(coord))
    .send({
      start: search.body.slots[0].start,
      end: search.body.slots[0].end,
      location: { kind: 'home' },
    });
  expect(meeting.status).toBe(201);
  expect(meeting.body.concertation.invitations).toHaveLength(1);
  return { caseId, personId };
}

describe('personal data at rest (embedded)', () => {
  describe('the database files, the data directory and the wire port', () => {
    let t: TestEngine;
    let caseId: string;
    let started: string[] = [];

    beforeAll(async () => {
      const write = process.stdout.write.bind(process.stdout);
      const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        started.push(String(chunk));
        return write(chunk);
      });
      try {
        t = await startTestEngine({ clock, config: { LOG_LEVEL: 'log' } });
      } finally {
        spy.mockRestore();
      }
      started = started.filter((line) => line.includes('Embedded PostgreSQL'));
      ({ caseId } = await raiseAndInvite(t));
    });
    afterAll(async () => {
      await t?.close();
    });

    it('should still show the person to the coordinator (the vault decrypts)', async () => {
      const res = await t
        .http()
        .get(`/v1/cases/${caseId}`)
        .set(...auth(await t.token('coord-sud')));
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).toContain(PERSON.familyName);
    });

    it('should keep every identifying column encrypted, under the current key', async () => {
      const [person] = await t.sql<Record<string, string | null>>(
        `SELECT * FROM "alerts"."persons" p JOIN "alerts"."case_index" c USING ("person_ref") WHERE c."case_id" = $1`,
        [caseId],
      );
      for (const column of ['given_name', 'family_name', 'birth_date', 'national_number', 'postal_code']) {
        expect({ column, keyId: FieldCipher.keyIdOfValue(person[column]!) }).toEqual({
          column,
          keyId: person.vault_key_id,
        });
      }
      const participants = await t.sql<Record<string, string | null>>(
        `SELECT * FROM "scheduling"."participants" WHERE "case_id" = $1`,
        [caseId],
      );
      for (const p of participants) {
        for (const column of ['display_name', 'email', 'phone', 'postal_address']) {
          expect({ column, keyId: FieldCipher.keyIdOfValue(p[column]!) }).toEqual({ column, keyId: p.vault_key_id });
        }
      }
    });

    it('should leave none of the identifiers in a copy of the database files', async () => {
      await t.stop(); // PGlite flushes its pages and write-ahead log on close
      const copy = mkdtempSync(join(tmpdir(), 'concerto-pg-copy-'));
      try {
        cpSync(join(t.dataDir, 'pg'), copy, { recursive: true });
        const files = filesUnder(copy);
        expect(files.length).toBeGreaterThan(10);
        const found = files
          .map((file) => ({ file: file.slice(copy.length), identifiers: identifiersIn(readFileSync(file)) }))
          .filter((f) => f.identifiers.length > 0);
        expect(found).toEqual([]);
        // The control: what is stored in clear on purpose (the reporter's id) is found by the same scan.
        expect(files.some((file) => readFileSync(file).includes(Buffer.from('pro-hospital-nurse', 'utf8')))).toBe(true);
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    });

    it('should keep the data directory owner-only: directories 0700, files 0600', () => {
      const wrong: string[] = [];
      const walk = (path: string) => {
        const stat = lstatSync(path);
        if (stat.isDirectory()) {
          if ((stat.mode & 0o077) !== 0) {
            wrong.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
          }
          readdirSync(path).forEach((name) => walk(join(path, name)));
        } else if ((stat.mode & 0o077) !== 0) {
          wrong.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
        }
      };
      walk(t.dataDir);
      expect(wrong).toEqual([]);
      expect(lstatSync(join(t.dataDir, 'secrets', 'vault.key')).mode & 0o777).toBe(0o600);
    });

    it('should announce the wire port at start-up, without its password', () => {
      expect(started).toHaveLength(1);
      expect(started[0]).toMatch(/Embedded PostgreSQL listening on postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres/);
      expect(started[0]).not.toContain(t.engine.config.EMBEDDED_PG_PASSWORD);
    });
  });

  describe('the wire port asks for a password', () => {
    let t: TestEngine;
    beforeAll(async () => {
      t = await startTestEngine({ clock });
    });
    afterAll(async () => {
      await t?.close();
    });

    const urlWith = (password: string | undefined) => {
      const url = new URL(t.engine.postgres.url);
      url.password = password ?? '';
      return url.toString();
    };

    it('should refuse a connection without the password, or with a wrong one', async () => {
      for (const password of [undefined, 'wrong-password-0123456789']) {
        const client = new pg.Client({ connectionString: urlWith(password), password: password ?? '' });
        await expect(client.connect()).rejects.toThrow();
        await client.end().catch(() => undefined);
      }
    });

    it('should refuse a query sent without a start-up message', async () => {
      const reply = await new Promise<Buffer>((resolve, reject) => {
        const socket = connect(t.engine.postgres.port, '127.0.0.1', () => {
          const sql = Buffer.from('SELECT count(*) FROM "alerts"."persons"\0', 'utf8');
          const query = Buffer.alloc(5 + sql.length);
          query.write('Q', 0, 'latin1');
          query.writeInt32BE(4 + sql.length, 1);
          sql.copy(query, 5);
          socket.write(query);
        });
        socket.once('data', (data) => {
          socket.destroy();
          resolve(data);
        });
        socket.once('error', reject);
      });
      expect(String.fromCharCode(reply[0])).toBe('E');
      expect(reply.toString('latin1')).toContain('28000');
    });

    it('should accept the password from DATA_DIR/secrets/embedded-pg.key', async () => {
      const password = readFileSync(join(t.dataDir, 'secrets', 'embedded-pg.key'), 'utf8').trim();
      const client = new pg.Client({ connectionString: urlWith(password) });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.end();
    });
  });

  describe('key rotation', () => {
    const oldKey = newFieldKey();
    const newKey = newFieldKey();
    const oldId = FieldCipher.keyIdOf(parseFieldKey(oldKey));
    const newId = FieldCipher.keyIdOf(parseFieldKey(newKey));
    let dataDir: string;
    let caseId: string;

    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'concerto-rotation-'));
    });
    afterAll(() => {
      rmSync(dataDir, { recursive: true, force: true });
    });

    const keyIdsIn = async (t: TestEngine) => {
      const rows = await t.sql<{ k: string | null }>(
        `SELECT "vault_key_id" AS k FROM "alerts"."persons" UNION ALL SELECT "vault_key_id" FROM "scheduling"."participants"`,
      );
      return [...new Set(rows.map((r) => r.k))];
    };

    it('should write under the current key', async () => {
      const t = await startTestEngine({ clock, dataDir, config: { PERSON_VAULT_KEY: oldKey } });
      try {
        ({ caseId } = await raiseAndInvite(t));
        expect(await keyIdsIn(t)).toEqual([oldId]);
        // A row in clear, as an earlier version wrote it: rewritten at the next start.
        await t.sql(
          `INSERT INTO "alerts"."persons" ("person_ref","given_name","family_name","no_fixed_address","created_at")
           VALUES ('00000000-0000-4000-8000-000000000001','Legacy','Clearname',false,now())`,
        );
      } finally {
        await t.stop();
      }
    });

    it('should refuse to start when the old key is gone from the ring before its rows were rewritten', async () => {
      await expect(startTestEngine({ clock, dataDir, config: { PERSON_VAULT_KEY: newKey } })).rejects.toThrow(
        /not in the keyring/,
      );
    });

    it('should read the old rows with the previous key, and rewrite every row under the new key at start-up', async () => {
      const t = await startTestEngine({
        clock,
        dataDir,
        config: { PERSON_VAULT_KEY: newKey, PERSON_VAULT_PREVIOUS_KEYS: oldKey },
      });
      try {
        expect(await keyIdsIn(t)).toEqual([newId]);
        const values = await t.sql<{ v: string }>(
          `SELECT "family_name" AS v FROM "alerts"."persons" UNION ALL SELECT "display_name" FROM "scheduling"."participants"`,
        );
        expect(values.map((r) => FieldCipher.keyIdOfValue(r.v))).toEqual(values.map(() => newId));
        const res = await t
          .http()
          .get(`/v1/cases/${caseId}/participants`)
          .set(...auth(await t.token('coord-sud')));
        expect(res.status).toBe(200);
        expect(JSON.stringify(res.body)).toContain(PERSON.email);
      } finally {
        await t.stop();
      }
    });

    it('should then run without the old key', async () => {
      const t = await startTestEngine({ clock, dataDir, config: { PERSON_VAULT_KEY: newKey } });
      try {
        const res = await t
          .http()
          .get(`/v1/cases/${caseId}`)
          .set(...auth(await t.token('coord-sud')));
        expect(res.status).toBe(200);
        expect(JSON.stringify(res.body)).toContain(PERSON.familyName);
      } finally {
        await t.stop();
      }
    });
  });
});
