// B-pipeline (quality bar §7a, P4 revised): the engine's alert pipeline written by hand with raw `pg`,
// raw kafkajs and bare `node:http`: no web framework, no ORM, no DI, no CQRS bus. Each step runs in its
// own process, as in the stack (bare-intake, bare-directory, bare-cases, bare-scheduling,
// bare-notifications); run.mjs starts them, drives them and reads their CPU from /proc.
//
// This file holds what every bare process shares: its configuration (environment variables set by
// run.mjs), a pg pool, an outbox relay and an inbox consumer.
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import pg from 'pg';

const { Kafka, logLevel } = kafkajs;

export const env = {
  databaseUrl: required('BARE_DATABASE_URL'),
  brokers: required('BARE_KAFKA_BROKERS').split(','),
  alertTopic: process.env.BARE_ALERT_TOPIC ?? 'bench.bare.alert',
  caseTopic: process.env.BARE_CASE_TOPIC ?? 'bench.bare.case',
  partitions: Number(process.env.BARE_PARTITIONS ?? 6),
  poolSize: Number(process.env.BARE_POOL_SIZE ?? 10),
};

function required(name) {
  const v = process.env[name];
  if (!v) {
    process.stderr.write(`${name} is required\n`);
    process.exit(2);
  }
  return v;
}

export function pool() {
  // The engine's pool size (TypeORM `poolSize`, default 10).
  return new pg.Pool({ connectionString: env.databaseUrl, max: env.poolSize });
}

/** BEGIN … COMMIT on one pooled client; ROLLBACK on any error. */
export async function inTransaction(db, work) {
  const c = await db.connect();
  try {
    await c.query('BEGIN');
    const result = await work(c);
    await c.query('COMMIT');
    return result;
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    c.release();
  }
}

export function kafka(clientId) {
  return new Kafka({ clientId, brokers: env.brokers, logLevel: logLevel.NOTHING });
}

/** A CloudEvents envelope, as the engine's OutboxWriter builds it (no schema validation: the producer is trusted code). */
export function envelope(source, type, subject, data, { correlationId, causationId, time, dataschema }) {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source,
    type,
    subject,
    time,
    datacontenttype: 'application/json',
    dataschema,
    eventversion: 1,
    correlationid: correlationId,
    ...(causationId ? { causationid: causationId } : {}),
    data,
  };
}

export async function insertOutbox(c, schema, topic, env_) {
  await c.query(`INSERT INTO ${schema}.outbox (event_id, topic, message_key, envelope) VALUES ($1,$2,$3,$4)`, [
    env_.id,
    topic,
    env_.subject,
    JSON.stringify(env_),
  ]);
}

/**
 * The relay, by hand: one per process and one outbox, so no lease. Nudged after each commit; it reads
 * up to 500 unpublished rows in order, publishes them with one idempotent `sendBatch` (acks = -1, one
 * request in flight, as the engine's producer) and marks them. A poll every 500 ms catches the rest.
 */
export class Relay {
  constructor(db, schema, producer) {
    this.db = db;
    this.schema = schema;
    this.producer = producer;
    this.running = false;
    this.again = false;
    this.timer = setInterval(() => this.nudge(), 500);
  }
  nudge() {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain()
      .catch((e) => process.stderr.write(`relay ${this.schema}: ${e.message}\n`))
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }
  async drain() {
    for (;;) {
      const { rows } = await this.db.query(
        `SELECT seq, topic, message_key, envelope::text AS envelope, envelope->>'id' AS ce_id FROM ${this.schema}.outbox WHERE published_at IS NULL ORDER BY seq LIMIT 500`,
      );
      if (rows.length === 0) {
        return;
      }
      const byTopic = new Map();
      for (const r of rows) {
        if (!byTopic.has(r.topic)) {
          byTopic.set(r.topic, []);
        }
        byTopic.get(r.topic).push({ key: r.message_key, value: r.envelope, headers: { 'ce-id': r.ce_id } });
      }
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      await this.db.query(
        `UPDATE ${this.schema}.outbox SET published_at = now(), attempts = attempts + 1 WHERE seq = ANY($1::bigint[])`,
        [rows.map((r) => r.seq)],
      );
      if (rows.length < 500) {
        return;
      }
    }
  }
  stop() {
    clearInterval(this.timer);
  }
}

export async function producer(k) {
  const p = k.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await p.connect();
  return p;
}

/**
 * An inbox consumer, by hand: the engine's consumer settings (session 10 s, 250 ms max wait, all
 * partitions concurrently, messages of a partition one after the other). Each message: parse, then
 * in one transaction record its id in the inbox and apply it; a redelivered id is skipped.
 * `prepare` runs before the transaction (reads from other services), as in the engine.
 */
export async function consume(k, { group, topic, schema, consumerName, apply, prepare, afterCommit }) {
  const consumer = k.consumer({
    groupId: group,
    sessionTimeout: 10000,
    heartbeatInterval: 3000,
    rebalanceTimeout: 60000,
    maxWaitTimeInMs: 250,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const db = apply.db;
  let joined;
  const ready = new Promise((r) => (joined = r));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    partitionsConsumedConcurrently: env.partitions,
    eachMessage: async ({ message }) => {
      let ev;
      try {
        ev = JSON.parse(message.value.toString('utf8'));
      } catch {
        return; // the engine dead-letters it; nothing here sends bad JSON
      }
      if (typeof ev?.id !== 'string' || typeof ev?.type !== 'string' || typeof ev?.data !== 'object') {
        return;
      }
      const prepared = prepare ? await prepare(ev) : undefined;
      const applied = await inTransaction(db, async (c) => {
        const { rowCount } = await c.query(
          `INSERT INTO ${schema}.inbox (consumer, event_id) VALUES ($1,$2) ON CONFLICT DO NOTHING`,
          [consumerName, ev.id],
        );
        if (rowCount === 1) {
          await apply.fn(c, ev, prepared);
        }
        return rowCount === 1;
      });
      if (applied && afterCommit) {
        await afterCommit(ev, prepared);
      }
    },
  });
  return { consumer, ready };
}

/** Tells run.mjs the process is ready (one line on stdout), and stops cleanly on SIGTERM. */
export function announce(name, stop) {
  process.stdout.write(`ready ${name}\n`);
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) {
      return;
    }
    stopping = true;
    Promise.resolve(stop())
      .catch(() => undefined)
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  });
}

/** A small JSON-over-HTTP reply. */
export function reply(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Reads a request body up to `max` bytes; undefined when it is larger. */
export function readBody(req, max) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (d) => {
      size += d.length;
      if (size > max) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(d);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
