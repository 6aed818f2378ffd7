/**
 * KafkaTransport against a real broker (deploy/local/infra.sh up). Not part of `npm test`:
 * run with `npm run test:stack` (project `integration`). KAFKA_BROKERS defaults to the local stack.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import kafkajs from 'kafkajs';
import type { TopicSpec } from '#concerto/contracts';
import { JsonLogger } from '#concerto/observability';
import { DeadLetterReplay } from './dead-letter-replay.js';
import { KafkaTransport, type KafkaTransportOptions } from './kafka.transport.js';
import { PermanentMessageError, type TransportMessage } from './message-transport.port.js';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const RUN = `it-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
const RETRY = { maxAttempts: 4, backoffMs: 200 };
// The transport waits backoff × (1 + 2 + … + 2^(n−2)) in all between a message's attempts.
const RETRY_BUDGET_MS = RETRY.backoffMs * (2 ** (RETRY.maxAttempts - 1) - 1);

Logger.overrideLogger(new JsonLogger('kafka-it', (process.env.LOG_LEVEL as 'warn') ?? 'error'));

function spec(name: string, partitions = 3): TopicSpec {
  return { name: `${RUN}.${name}` as TopicSpec['name'], partitions, retentionMs: 3600000 };
}

const live: KafkaTransport[] = [];

function transport(topics: TopicSpec[], extra: Partial<KafkaTransportOptions> = {}): KafkaTransport {
  const t = new KafkaTransport({
    brokers: BROKERS,
    clientId: `concerto-${RUN}`,
    retry: RETRY,
    topics,
    sessionTimeoutMs: 6000,
    ...extra,
  });
  live.push(t);
  return t;
}

// A failed test must not leave consumers running after the suite.
afterEach(async () => {
  await Promise.all(live.splice(0).map((t) => t.stop().catch(() => undefined)));
});

function message(topic: TopicSpec, key: string, body: unknown, headers: Record<string, string> = {}): TransportMessage {
  return { topic: topic.name, key, value: JSON.stringify(body), headers };
}

async function eventually<T>(fn: () => T | Promise<T>, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('KafkaTransport (real broker)', () => {
  const admin = new kafkajs.Kafka({
    clientId: `admin-${RUN}`,
    brokers: BROKERS,
    logLevel: kafkajs.logLevel.NOTHING,
  }).admin();
  const created: string[] = [];

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics: created }).catch(() => undefined);
    const { groups } = await admin.listGroups();
    await admin.deleteGroups(groups.map((g) => g.groupId).filter((g) => g.startsWith(RUN))).catch(() => undefined);
    await admin.disconnect();
  });

  const track = (...specs: TopicSpec[]) => {
    for (const s of specs) {
      created.push(s.name, `${s.name}.dlt`);
    }
    return specs;
  };

  it('provisions each topic and its .dlt twin with the declared partitions, and tolerates existing ones', async () => {
    const [a] = track(spec('provision', 4));
    const t1 = transport([a]);
    await t1.start();
    const t2 = transport([a]);
    await t2.start(); // already exists: no error
    const meta = await admin.fetchTopicMetadata({ topics: [a.name, `${a.name}.dlt`] });
    expect(meta.topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual([
      [a.name, 4],
      [`${a.name}.dlt`, 4],
    ]);
    await Promise.all([t1.stop(), t2.stop()]);
  });

  it('delivers every message once to each group, keeps per-key order and headers, and commits offsets', async () => {
    const [a] = track(spec('deliver'));
    const t = transport([a]);
    const seen: TransportMessage[] = [];
    const group = `${RUN}.deliver`;
    t.subscribe({ group, topics: [a.name], handler: async (m) => void seen.push(m) });
    await t.start();
    const batch = Array.from({ length: 60 }, (_, i) => message(a, `case-${i % 5}`, { i }, { 'ce-id': `id-${i}` }));
    await t.publish(batch);
    await eventually(() => expect(seen).toHaveLength(60));
    for (let k = 0; k < 5; k++) {
      const order = seen.filter((m) => m.key === `case-${k}`).map((m) => (JSON.parse(m.value) as { i: number }).i);
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
    expect(seen.find((m) => m.headers['ce-id'] === 'id-7')).toMatchObject({ topic: a.name, key: 'case-2' });
    await t.stop();
    const offsets = await admin.fetchOffsets({ groupId: group, topics: [a.name] });
    const committed = offsets[0].partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    expect(committed).toBe(60);
  });

  it('dead-letters a poison message after the bounded retries with its error headers, while other partitions keep flowing', async () => {
    const [a] = track(spec('poison', 3));
    const t = transport([a]);
    const group = `${RUN}.poison`;
    // When each delivery happened, as a place in one sequence (ordering without clock ties), and when
    // each poison attempt happened in real time (the backoff between them is a lower bound).
    let sequence = 0;
    const handled = new Map<string, number>();
    const poisonAttemptsAt: number[] = [];
    const poisonAttemptsTime: number[] = [];
    t.subscribe({
      group,
      topics: [a.name],
      handler: async (m) => {
        const body = JSON.parse(m.value) as { n: number; poison?: boolean; permanent?: boolean };
        if (body.permanent) {
          throw new PermanentMessageError('schema-invalid payload');
        }
        if (body.poison) {
          poisonAttemptsAt.push(++sequence);
          poisonAttemptsTime.push(Date.now());
          throw new Error('handler blew up');
        }
        handled.set(`${m.key}:${body.n}`, ++sequence);
      },
    });
    const dead: TransportMessage[] = [];
    const reader = transport([]);
    reader.subscribe({
      group: `${RUN}.poison-dlt`,
      topics: [`${a.name}.dlt`],
      handler: async (m) => void dead.push(m),
    });
    await t.start(); // creates the .dlt topic the reader subscribes to
    await reader.start();
    // Warm up so the group is assigned before the poison arrives.
    await t.publish([message(a, 'warm', { n: 0 })]);
    await eventually(() => expect(handled.has('warm:0')).toBe(true));

    await t.publish([
      message(a, 'poison-key', { n: 1, poison: true }, { 'ce-id': 'poison-1' }),
      message(a, 'bad-key', { n: 1, permanent: true }, { 'ce-id': 'bad-1' }),
    ]);
    // The rest arrives while the poison is between attempts, so in a later fetch than the poison:
    // the case where a consumer that slept on the poison held back every partition.
    await eventually(() => expect(poisonAttemptsAt.length).toBeGreaterThanOrEqual(1), 5000);
    await t.publish([
      ...Array.from({ length: 30 }, (_, i) => message(a, `ok-${i % 10}`, { n: i })),
      message(a, 'poison-key', { n: 2 }), // same key after the poison: waits for it, then flows
    ]);
    await eventually(() => expect(handled.size).toBe(1 + 30 + 1));
    const doneAt = (predicate: (key: string) => boolean) =>
      Math.max(...[...handled.entries()].filter(([k]) => predicate(k)).map(([, at]) => at));
    // Which partition each key lands on (the producer's murmur2 partitioner).
    const partitionOf = (key: string) =>
      kafkajs.Partitioners.DefaultPartitioner()({
        topic: a.name,
        partitionMetadata: [0, 1, 2].map((partitionId) => ({
          partitionId,
          leader: 1,
          replicas: [1],
          isr: [1],
          offlineReplicas: [],
          partitionErrorCode: 0,
        })),
        message: { key, value: null },
      });
    const poisonPartition = partitionOf('poison-key');
    const onPoisonPartition = (k: string) => k !== 'warm:0' && partitionOf(k.split(':')[0]) === poisonPartition;
    expect(poisonAttemptsAt).toHaveLength(RETRY.maxAttempts);
    const [firstAttempt, lastAttempt] = [poisonAttemptsAt[0], poisonAttemptsAt[RETRY.maxAttempts - 1]];
    // The backoff between attempts is honoured (time only grows on a loaded machine: a lower bound holds)…
    expect(poisonAttemptsTime[RETRY.maxAttempts - 1] - poisonAttemptsTime[0]).toBeGreaterThanOrEqual(RETRY_BUDGET_MS);
    expect(firstAttempt).toBeLessThan(lastAttempt);
    // …other partitions' keys flow while the poison waits for its next attempt…
    const otherPartitionsDone = doneAt((k) => k.startsWith('ok-') && !onPoisonPartition(k));
    expect(otherPartitionsDone).toBeLessThan(lastAttempt);
    // …and the keys behind it on its own partition keep their order: they come after its last attempt.
    const behindPoison = [...handled.entries()].filter(([k]) => onPoisonPartition(k)).map(([, at]) => at);
    expect(behindPoison.length).toBeGreaterThanOrEqual(1); // poison-key:2 at least
    expect(Math.min(...behindPoison)).toBeGreaterThan(lastAttempt);

    await eventually(() => expect(dead).toHaveLength(2));
    const poison = dead.find((m) => m.headers['ce-id'] === 'poison-1');
    expect(poison).toMatchObject({
      topic: `${a.name}.dlt`,
      key: 'poison-key',
      headers: {
        'x-dlt-original-topic': a.name,
        'x-dlt-consumer-group': group,
        'x-dlt-attempts': String(RETRY.maxAttempts),
        'x-dlt-error': 'Error: handler blew up',
        'x-dlt-original-offset': expect.stringMatching(/^\d+$/),
        'x-dlt-original-partition': expect.stringMatching(/^\d$/),
      },
    });
    expect(JSON.parse(poison!.value)).toEqual({ n: 1, poison: true });
    expect(dead.find((m) => m.headers['ce-id'] === 'bad-1')?.headers).toMatchObject({
      'x-dlt-attempts': '1',
      'x-dlt-error': 'PermanentMessageError: schema-invalid payload',
    });
    process.stdout.write(
      `[kafka-it] poison: retry budget ${RETRY_BUDGET_MS} ms, attempts spread over ${lastAttempt - firstAttempt} ms; other partitions done ${lastAttempt - otherPartitionsDone} ms before its last attempt; its own partition done ${doneAt(onPoisonPartition) - lastAttempt} ms after it\n`,
    );
    await Promise.all([t.stop(), reader.stop()]);
  });

  it('retries infrastructure outages without using up attempts and without dead-lettering', async () => {
    const [a] = track(spec('outage', 1));
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:15432'), { code: 'ECONNREFUSED' });
    let calls = 0;
    const t = transport([a], { transientBackoffMaxMs: 100 });
    const done: string[] = [];
    t.subscribe({
      group: `${RUN}.outage`,
      topics: [a.name],
      handler: async (m) => {
        calls++;
        if (calls <= RETRY.maxAttempts * 2) {
          throw outage;
        }
        done.push(m.key);
      },
    });
    await t.start();
    await t.publish([message(a, 'k', { n: 1 })]);
    await eventually(() => expect(done).toEqual(['k']));
    expect(calls).toBe(RETRY.maxAttempts * 2 + 1);
    const dlt = await admin.fetchTopicOffsets(`${a.name}.dlt`);
    expect(dlt.every((p) => p.high === '0')).toBe(true);
    await t.stop();
  });

  it('on stop() finishes the message in hand and commits it: the next consumer of the group does not see it again', async () => {
    const [a] = track(spec('graceful', 1));
    const group = `${RUN}.graceful`;
    const first = transport([a]);
    let release!: () => void;
    const order: string[] = [];
    const inHandler = new Promise<void>((resolve) => {
      first.subscribe({
        group,
        topics: [a.name],
        handler: async (m) => {
          if (m.key === 'slow') {
            resolve();
            await new Promise<void>((r) => (release = r));
            order.push('handler done');
          }
        },
      });
    });
    await first.start();
    await first.publish([message(a, 'slow', { n: 1 })]);
    await inHandler;
    const stopping = first.stop().then(() => void order.push('stopped'));
    release();
    await stopping;
    // stop() waited for the handler; that it committed the message is shown by the next consumer below.
    expect(order).toEqual(['handler done', 'stopped']);

    const second = transport([a]);
    const seen: string[] = [];
    second.subscribe({ group, topics: [a.name], handler: async (m) => void seen.push(m.key) });
    await second.start();
    await second.publish([message(a, 'after', { n: 2 })]);
    await eventually(() => expect(seen).toEqual(['after']));
    await second.stop();
  });

  it('aborts a delivery that waits for an outage at stop() without committing it, so it is redelivered', async () => {
    const [a] = track(spec('abort', 1));
    const group = `${RUN}.abort`;
    const outage = Object.assign(new Error('Connection terminated unexpectedly'), {});
    const first = transport([a], { transientBackoffMaxMs: 100 });
    let attempts = 0;
    first.subscribe({
      group,
      topics: [a.name],
      handler: async () => {
        attempts++;
        throw outage;
      },
    });
    await first.start();
    await first.publish([message(a, 'x', { n: 1 })]);
    await eventually(() => expect(attempts).toBeGreaterThan(2));
    // The outage never ends: a stop() that waited for it would never return (the test's timeout
    // would report it). How long leaving the group takes is no concern of this test.
    await first.stop();

    const second = transport([a]);
    const seen: string[] = [];
    second.subscribe({ group, topics: [a.name], handler: async (m) => void seen.push(m.key) });
    await second.start();
    await eventually(() => expect(seen).toEqual(['x']));
    await second.stop();
    const dlt = await admin.fetchTopicOffsets(`${a.name}.dlt`);
    expect(dlt.every((p) => p.high === '0')).toBe(true);
  });

  it('replays a dead letter once its cause is fixed: the failed group applies it, with its event id, and a second replay sends nothing', async () => {
    const [a] = track(spec('replay', 3));
    const t = transport([a]);
    let fixed = false;
    const applied: { group: string; n: number; ceId?: string; replayedFrom?: string }[] = [];
    const record = (group: string) => async (m: TransportMessage) => {
      const body = JSON.parse(m.value) as { n: number; needsFix?: boolean };
      if (group === 'flaky' && body.needsFix && !fixed) {
        throw new Error('the case does not exist yet');
      }
      applied.push({ group, n: body.n, ceId: m.headers['ce-id'], replayedFrom: m.headers['x-replayed-from'] });
    };
    t.subscribe({ group: `${RUN}.flaky`, topics: [a.name], handler: record('flaky') });
    t.subscribe({ group: `${RUN}.steady`, topics: [a.name], handler: record('steady') });
    await t.start();
    await t.publish([
      message(a, 'k1', { n: 1 }, { 'ce-id': 'ev-1' }),
      message(a, 'k2', { n: 2, needsFix: true }, { 'ce-id': 'ev-2' }),
      message(a, 'k3', { n: 3 }, { 'ce-id': 'ev-3' }),
    ]);

    const tool = new DeadLetterReplay({
      brokers: BROKERS,
      topics: [a.name],
      replayedGroup: `${RUN}.replayed`,
      clientId: `tool-${RUN}`,
    });
    const [parked] = await eventually(async () => {
      const list = await tool.list();
      expect(list).toHaveLength(1);
      return list;
    }, 30000);
    expect(parked).toMatchObject({
      deadLetterTopic: `${a.name}.dlt`,
      key: 'k2',
      eventId: 'ev-2',
      originalTopic: a.name,
      consumerGroup: `${RUN}.flaky`,
      error: 'Error: the case does not exist yet',
      attempts: String(RETRY.maxAttempts),
      replayed: false,
    });
    await eventually(() => expect(applied.filter((x) => x.group === 'steady')).toHaveLength(3));
    expect(
      applied
        .filter((x) => x.group === 'flaky')
        .map((x) => x.n)
        .sort(),
    ).toEqual([1, 3]);

    fixed = true;
    const replayed = await tool.replay();
    expect(replayed.map((d) => [d.eventId, d.replayed])).toEqual([['ev-2', true]]);
    await eventually(() =>
      expect(
        applied
          .filter((x) => x.group === 'flaky')
          .map((x) => x.n)
          .sort(),
      ).toEqual([1, 2, 3]),
    );
    const copy = applied.find((x) => x.group === 'flaky' && x.n === 2)!;
    // The same event id as the original, so the groups that had already applied it skip it through their inbox.
    expect(copy).toMatchObject({ ceId: 'ev-2', replayedFrom: `${a.name}.dlt/${parked.partition}/${parked.offset}` });
    await eventually(() =>
      expect(applied.filter((x) => x.group === 'steady' && x.n === 2).map((x) => x.ceId)).toEqual(['ev-2', 'ev-2']),
    );

    expect(await tool.replay()).toEqual([]);
    expect((await tool.list()).map((d) => [d.eventId, d.replayed])).toEqual([['ev-2', true]]);
    // A marker on the same key (so the same partition), published after the second replay: once both
    // groups applied it, a copy that replay had sent would have been applied before it.
    await t.publish([message(a, 'k2', { n: 4 }, { 'ce-id': 'ev-4' })]);
    await eventually(() =>
      expect(
        applied
          .filter((x) => x.n === 4)
          .map((x) => x.group)
          .sort(),
      ).toEqual(['flaky', 'steady']),
    );
    expect(applied.filter((x) => x.n === 2)).toHaveLength(3);
    await admin.deleteGroups([`${RUN}.replayed`]).catch(() => undefined);
  });

  it('refuses to publish before start and after stop', async () => {
    const [a] = track(spec('lifecycle', 1));
    const t = transport([a]);
    await expect(t.publish([message(a, 'k', {})])).rejects.toThrow(/not started/);
    await t.start();
    await t.publish([message(a, 'k', {})]);
    await t.stop();
    await expect(t.publish([message(a, 'k', {})])).rejects.toThrow(/stopped/);
  });
});
