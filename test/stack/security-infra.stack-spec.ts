/**
 * Quality bar §7c families 17, 21, 22 (database grants) and 27, against the running distributed
 * stack (deploy/local/stack.sh up):
 * - PostgreSQL least privilege: a service's role has no DDL, cannot change or delete audit rows and
 *   cannot read another service's schema (the alerts identity vault); the migration role can;
 * - Redis refuses a client without the password;
 * - forged Kafka messages produced straight to a topic are refused by the consumer's contract
 *   check, parked in the dead-letter topic, and open no case;
 * - after a flow with a person carrying distinctive identifiers, none of them is in any Kafka
 *   topic, in Redis (BullMQ job data included), in the services' logs or in a logged URL.
 * The endpoints and passwords come from `deploy/local/infra.sh env` (same STACK_DIR and ports).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { readTopicRange, topicWatermarks } from '#concerto/messaging';
import { alertBody, call, eventually, GATEWAY_URL, MAILBOX_DIR, StackTokens } from './stack-client.js';

const STACK_DIR = resolve(process.env.STACK_DIR ?? '.stack');
const ALERTS_TOPIC = 'alerts.alert.v1';
const DLT = `${ALERTS_TOPIC}.dlt`;

/** The `export K=V` lines of infra.sh env, for the stack these tests run against. */
function infraEnv(): Record<string, string> {
  const out = execFileSync(join(process.cwd(), 'deploy/local/infra.sh'), ['env'], { encoding: 'utf8' });
  const env: Record<string, string> = {};
  for (const line of out.split('\n')) {
    for (const pair of line.replace(/^export\s+/, '').split(/\s+/)) {
      const i = pair.indexOf('=');
      if (i > 0) {
        env[pair.slice(0, i)] = pair.slice(i + 1);
      }
    }
  }
  return env;
}

/** The first line of Redis's reply to each inline command, sent one after the other on one connection. */
function redisReplies(host: string, port: number, commands: string[]): Promise<string[]> {
  return new Promise((resolvePromise, reject) => {
    const socket = connect({ host, port });
    const replies: string[] = [];
    let buffered = '';
    socket.setTimeout(5000, () => socket.destroy(new Error(`Redis did not answer ${commands.join(', ')}`)));
    socket.on('error', reject);
    socket.on('connect', () => socket.write(`${commands[0]}\r\n`));
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        replies.push(buffered.slice(0, end));
        buffered = buffered.slice(end + 2);
        if (replies.length === commands.length) {
          socket.end();
          resolvePromise(replies);
          return;
        }
        socket.write(`${commands[replies.length]}\r\n`);
      }
    });
  });
}

/** A valid Belgian national register number for a birth date before 2000. */
function nationalNumber(birth: string, serial: number): string {
  const body = `${birth.slice(2, 4)}${birth.slice(5, 7)}${birth.slice(8, 10)}${String(serial).padStart(3, '0')}`;
  return `${body}${String(97 - (Number(body) % 97)).padStart(2, '0')}`;
}

describe(`infrastructure security of the distributed stack (${GATEWAY_URL})`, () => {
  const env = infraEnv();
  const pools: pg.Pool[] = [];
  const pool = (url: string) => {
    const p = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5000 });
    pools.push(p);
    return p;
  };
  let admin: pg.Pool;
  const kafka = new kafkajs.Kafka({
    clientId: 'security-infra-spec',
    brokers: env.KAFKA_BROKERS.split(','),
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const kafkaAdmin = kafka.admin();
  let tokens: StackTokens;

  beforeAll(async () => {
    expect((await call('GET', '/ready')).status).toBe(200);
    tokens = await StackTokens.load();
    admin = pool(env.DATABASE_URL);
    await kafkaAdmin.connect();
  });
  afterAll(async () => {
    await kafkaAdmin.disconnect();
    await Promise.all(pools.map((p) => p.end()));
  });

  describe('PostgreSQL roles (families 22 and 27)', () => {
    const services = ['directory', 'alerts', 'cases', 'scheduling', 'notifications'];

    it('runs every service as its own role, none of them the migration role or a superuser', async () => {
      const { rows } = await admin.query<{ usename: string; rolsuper: boolean; rolcreatedb: boolean }>(
        `SELECT DISTINCT a.usename, r.rolsuper, r.rolcreatedb FROM pg_stat_activity a JOIN pg_roles r ON r.rolname = a.usename
          WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()`,
      );
      const roles = rows.map((r) => r.usename);
      expect(roles).toEqual(expect.arrayContaining(services.map((s) => `concerto_${s}`)));
      for (const r of rows.filter((row) => row.usename !== 'concerto')) {
        expect(r).toMatchObject({ rolsuper: false, rolcreatedb: false });
      }
      expect(roles).not.toContain('concerto_migrator');
    });

    it.each(services)('%s: the application role has no DDL and cannot alter or delete audit rows', async (svc) => {
      const app = pool(env[`APP_DATABASE_URL_${svc.toUpperCase()}`]);
      const table = `ddl_probe_${randomUUID().slice(0, 8)}`;
      await expect(app.query(`CREATE TABLE "${svc}"."${table}" (i int)`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`CREATE SCHEMA "${table}"`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`CREATE TABLE public."${table}" (i int)`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`ALTER TABLE "${svc}"."audit_log" ADD COLUMN "x" int`)).rejects.toThrow(/must be owner/);
      await expect(app.query(`DROP TABLE "${svc}"."audit_log"`)).rejects.toThrow(/must be owner/);
      await expect(app.query(`TRUNCATE "${svc}"."${svc}_migrations"`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`DROP TRIGGER audit_log_append_only ON "${svc}"."audit_log"`)).rejects.toThrow(
        /must be owner/,
      );
      // DML on its own tables, INSERT and SELECT only on its audit log.
      await expect(app.query(`SELECT count(*) FROM "${svc}"."audit_log"`)).resolves.toBeDefined();
      const { rows } = await app.query<{ id: string }>(
        `INSERT INTO "${svc}"."audit_log" ("at","actor_id","action","subject_type","subject_id","purpose","outcome","correlation_id")
         VALUES (now(),'security-infra-spec','read','case',$1,'grants-test','allowed',$1) RETURNING "id"`,
        [randomUUID()],
      );
      await expect(
        app.query(`UPDATE "${svc}"."audit_log" SET "actor_id" = 'someone-else' WHERE "id" = $1`, [rows[0].id]),
      ).rejects.toThrow(/permission denied/);
      await expect(app.query(`DELETE FROM "${svc}"."audit_log" WHERE "id" = $1`, [rows[0].id])).rejects.toThrow(
        /permission denied/,
      );
      await expect(app.query(`TRUNCATE "${svc}"."audit_log"`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`DELETE FROM "${svc}"."${svc}_migrations"`)).rejects.toThrow(/permission denied/);
    });

    it.each(services.filter((s) => s !== 'alerts'))(
      '%s: cannot reach the alerts identity vault, nor any other service schema',
      async (svc) => {
        const app = pool(env[`APP_DATABASE_URL_${svc.toUpperCase()}`]);
        await expect(app.query(`SELECT count(*) FROM "alerts"."persons"`)).rejects.toThrow(/permission denied/);
        for (const other of services.filter((s) => s !== svc)) {
          await expect(app.query(`SELECT count(*) FROM "${other}"."audit_log"`)).rejects.toThrow(/permission denied/);
        }
      },
    );

    it('the migration role owns the schemas: it can run DDL, and the audit trigger still refuses it changes', async () => {
      const migrator = pool(env.MIGRATION_DATABASE_URL);
      const table = `ddl_probe_${randomUUID().slice(0, 8)}`;
      await migrator.query(`CREATE TABLE "cases"."${table}" (i int)`);
      await migrator.query(`DROP TABLE "cases"."${table}"`);
      await expect(migrator.query(`UPDATE "cases"."audit_log" SET "actor_id" = 'x'`)).rejects.toThrow(/append-only/);
      await expect(migrator.query(`DELETE FROM "alerts"."audit_log"`)).rejects.toThrow(/append-only/);
    });
  });

  describe('Redis (family 27)', () => {
    it('refuses a client without the password, and serves one with it', async () => {
      const url = new URL(env.REDIS_URL);
      expect(url.password).not.toBe('');
      // Raw RESP over a socket: what any client without the password gets, BullMQ's commands included.
      const replies = await redisReplies(url.hostname, Number(url.port), [
        'PING',
        'KEYS bull:*',
        'HGETALL bull:any',
        'AUTH not-the-password',
        'PING',
      ]);
      expect(replies).toEqual([
        expect.stringMatching(/^-NOAUTH/),
        expect.stringMatching(/^-NOAUTH/),
        expect.stringMatching(/^-NOAUTH/),
        expect.stringMatching(/^-WRONGPASS/),
        expect.stringMatching(/^-NOAUTH/),
      ]);
      const authed = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        expect(await authed.ping()).toBe('PONG');
      } finally {
        authed.disconnect();
      }
    });
  });

  describe('forged Kafka messages (family 17)', () => {
    it('refuses each one by contract, parks it in the dead-letter topic, and opens no case', async () => {
      const caseId = randomUUID();
      const alertId = randomUUID();
      const data = {
        alertId,
        caseId,
        opensCase: true,
        personRef: randomUUID(),
        type: 'not-seen',
        urgency: 'urgent',
        bassinId: 'nord',
        routingReason: 'postal-code',
        bassinNeedsConfirmation: false,
        reporterId: 'pro-pharmacist',
        escalationChain: { coordinatorId: 'coord-nord', backupId: 'coord-nord-backup', leadId: 'lead-nord' },
        raisedAt: new Date().toISOString(),
      };
      const envelope = (over: Record<string, unknown>, d: Record<string, unknown> = data) => ({
        specversion: '1.0',
        id: randomUUID(),
        type: 'alert.raised',
        source: '/concerto/alerts',
        subject: caseId,
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        dataschema: 'https://concerto.brussels/schemas/alert.raised/v1.json',
        eventversion: 1,
        correlationid: `forged-${caseId}`,
        data: d,
        ...over,
      });
      const { caseId: _c, ...missingCaseId } = data;
      const forged: Array<{ kind: string; value: string; error: RegExp }> = [
        {
          kind: 'valid JSON, not an envelope',
          value: JSON.stringify({ hello: 'world' }),
          error: /breaks its contract/,
        },
        {
          kind: 'wrong schema',
          value: JSON.stringify(envelope({}, { ...data, alertId: 'not-a-uuid', opensCase: 'yes' })),
          error: /breaks its contract/,
        },
        {
          kind: 'unknown type',
          value: JSON.stringify(envelope({ type: 'case.force-open' })),
          error: /unknown event type/,
        },
        {
          kind: 'missing fields',
          value: JSON.stringify(envelope({}, missingCaseId)),
          error: /breaks its contract/,
        },
        {
          kind: 'a claimed bassin and organisation in the payload',
          value: JSON.stringify(envelope({}, { ...data, bassinId: 'mars', organisationId: 'cpas-elsewhere' })),
          error: /breaks its contract/,
        },
        {
          kind: 'oversized',
          value: JSON.stringify(envelope({}, { ...data, padding: 'x'.repeat(800_000) })),
          error: /breaks its contract/,
        },
      ];
      const keys: string[] = forged.map(() => randomUUID());
      const before = await topicWatermarks(kafkaAdmin, DLT);
      const producer = kafka.producer();
      await producer.connect();
      try {
        for (const [i, m] of forged.entries()) {
          await producer.send({
            topic: ALERTS_TOPIC,
            acks: -1,
            messages: [{ key: keys[i], value: m.value, headers: { 'ce-id': randomUUID() } }],
          });
        }
      } finally {
        await producer.disconnect();
      }
      const dead = await eventually(
        async () => {
          const after = await topicWatermarks(kafkaAdmin, DLT);
          const found = (await readTopicRange(kafka, DLT, before.high, after.high)).filter((m) => keys.includes(m.key));
          expect(found).toHaveLength(forged.length);
          return found;
        },
        60000,
        500,
      );
      for (const [i, m] of forged.entries()) {
        const parked = dead.find((d) => d.key === keys[i])!;
        expect({ kind: m.kind, error: parked.headers['x-dlt-error'] }).toEqual({
          kind: m.kind,
          error: expect.stringMatching(m.error),
        });
        expect(parked.headers['x-dlt-attempts']).toBe('1');
        expect(parked.headers['x-dlt-consumer-group']).toBe('cases.intake');
      }
      const cases = await admin.query(`SELECT 1 FROM "cases"."cases" WHERE "case_id" = $1`, [caseId]);
      expect(cases.rowCount).toBe(0);
      const timeline = await admin.query(`SELECT 1 FROM "cases"."timeline" WHERE "case_id" = $1`, [caseId]);
      expect(timeline.rowCount).toBe(0);
    });
  });

  describe('personal data outside the vault (families 20 and 21)', () => {
    const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
    // Letters only in the name (NameText), digits from the run in the others.
    const tag = run.replace(/[^a-z]/g, '').padEnd(6, 'q');
    const serial = (Date.now() % 997) + 1;
    const birthDate = '1937-02-19';
    const person = {
      givenName: `Wilhelmina${tag}`,
      familyName: `Vanderquist${tag}`,
      birthDate,
      nationalNumber: nationalNumber(birthDate, serial),
      address: { postalCode: '1180' },
    };
    const contact = {
      email: `wilhelmina.${run}@example.test`,
      phone: `+32 470 ${String(serial).padStart(3, '0')} ${String(Date.now() % 1000).padStart(3, '0')}`,
      postalAddress: `Rue Vanderquist-${tag} 42, 1180 Uccle`,
    };
    const identifiers = [
      person.givenName,
      person.familyName,
      birthDate,
      person.nationalNumber,
      `${person.nationalNumber.slice(0, 2)}.${person.nationalNumber.slice(2, 4)}.${person.nationalNumber.slice(4, 6)}`,
      contact.email,
      contact.phone,
      contact.phone.replace(/\s/g, ''),
      contact.postalAddress,
      `Rue Vanderquist-${tag}`,
    ];
    const found = (where: string, text: string) =>
      identifiers.filter((id) => text.toLowerCase().includes(id.toLowerCase())).map((id) => `${where}: ${id}`);

    it('leaves none of the person’s identifiers in Kafka, Redis, the logs or the URLs after a flow', async () => {
      const coord = await tokens.token('coord-sud');
      const raised = await call('POST', '/v1/alerts', {
        token: await tokens.token('pro-hospital-nurse'),
        body: alertBody({ type: 'imminent-discharge', urgency: 'urgent' }, person),
      });
      expect(raised.status).toBe(201);
      const caseId = raised.body.caseId as string;
      const seated = await eventually(async () => {
        const r = await call('GET', `/v1/cases/${caseId}/participants`, { token: coord });
        expect(r.status).toBe(200);
        expect(r.body.participants).toHaveLength(1);
        return r.body.participants[0].id as string;
      }, 30000);
      const patched = await call('PATCH', `/v1/cases/${caseId}/participants/${seated}`, {
        token: coord,
        body: contact,
      });
      expect(patched.status).toBe(200);
      const gp = await call('POST', `/v1/cases/${caseId}/participants`, {
        token: coord,
        body: { kind: 'professional', professionalId: 'pro-gp', email: `gp.${run}@example.test` },
      });
      expect(gp.status).toBe(201);
      const consent = await call('POST', `/v1/cases/${caseId}/consent`, {
        token: coord,
        body: {
          decision: 'granted',
          givenBy: 'person',
          scopes: [seated, gp.body.participant.id].map((participantId) => ({
            participantId,
            dataCategories: ['meeting-details'],
          })),
        },
      });
      expect(consent.status).toBe(200);
      const start = new Date(Date.now() + 3 * 86400_000);
      start.setUTCHours(9, 0, 0, 0);
      const scheduled = await call('POST', `/v1/cases/${caseId}/concertations`, {
        token: coord,
        body: {
          start: start.toISOString(),
          end: new Date(start.getTime() + 3600_000).toISOString(),
          location: { kind: 'phone', label: 'Phone' },
        },
      });
      expect(scheduled.status).toBe(201);
      // The case read (the vault's identity through the internal API) and the invitations' delivery
      // reports: everything the flow puts on Kafka, in Redis and in the logs has happened.
      const view = await call('GET', `/v1/cases/${caseId}`, { token: coord });
      expect(view.status).toBe(200);
      expect(view.body.person).toMatchObject({ familyName: person.familyName });
      await eventually(
        async () => {
          const r = await admin.query(
            `SELECT count(*)::int AS "n" FROM "notifications"."outbox" WHERE "envelope"->>'type' = 'invitation.sent' AND "envelope"->'data'->>'caseId' = $1`,
            [caseId],
          );
          expect(r.rows[0].n).toBeGreaterThan(0);
        },
        60000,
        500,
      );

      const leaks: string[] = [];
      // Every topic, from the beginning (the dead-letter twins included).
      const topics = (await kafkaAdmin.listTopics()).filter((t) => !t.startsWith('__'));
      for (const topic of topics) {
        const { low, high } = await topicWatermarks(kafkaAdmin, topic);
        for (const m of await readTopicRange(kafka, topic, low, high, 60000)) {
          leaks.push(
            ...found(`kafka ${topic}@${m.partition}:${m.offset}`, `${m.key} ${m.value?.toString('utf8') ?? ''}`),
            ...found(`kafka ${topic} headers`, JSON.stringify(m.headers)),
          );
        }
      }
      // Every Redis key, BullMQ's job hashes (bull:*) included, whatever its type.
      const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        let bullKeys = 0;
        for (const key of await redis.keys('*')) {
          const type = await redis.type(key);
          bullKeys += key.startsWith('bull:') ? 1 : 0;
          const value =
            type === 'hash'
              ? JSON.stringify(await redis.hgetall(key))
              : type === 'string'
                ? await redis.get(key)
                : type === 'list'
                  ? JSON.stringify(await redis.lrange(key, 0, -1))
                  : type === 'set'
                    ? JSON.stringify(await redis.smembers(key))
                    : type === 'zset'
                      ? JSON.stringify(await redis.zrange(key, 0, -1))
                      : type === 'stream'
                        ? JSON.stringify(await redis.xrange(key, '-', '+'))
                        : '';
          leaks.push(...found(`redis ${key}`, `${key} ${value ?? ''}`));
        }
        expect(bullKeys).toBeGreaterThan(0);
      } finally {
        redis.disconnect();
      }
      // The services' logs; the gateway's "proxied" lines are the access log (method, route, status).
      const logDir = join(STACK_DIR, 'logs');
      const logs = readdirSync(logDir).filter((f) => /\.log(\.1)?$/.test(f));
      expect(logs).toEqual(expect.arrayContaining(['alerts.log', 'cases.log', 'gateway.log', 'scheduling.log']));
      const urls: string[] = [];
      for (const file of logs) {
        const text = readFileSync(join(logDir, file), 'utf8');
        leaks.push(...found(`log ${file}`, text));
        urls.push(...(text.match(/"(url|path|route|originalUrl)":"[^"]*"/g) ?? []).map((u) => decodeURIComponent(u)));
      }
      expect(urls).toContain('"route":"/v1/cases/:id/concertations"');
      leaks.push(...urls.flatMap((u) => found('logged URL', u)));
      expect(leaks).toEqual([]);
      // The scan looks for the identifiers as they are written: the development mailbox, which is
      // meant to hold them, shows the e-mail address.
      const mailboxIndex = readFileSync(join(MAILBOX_DIR, 'index.jsonl'), 'utf8');
      expect(found('mailbox', mailboxIndex)).toContain(`mailbox: ${contact.email}`);
    });
  });
});
