import { Logger } from '@nestjs/common';
import kafkajs from 'kafkajs';
import type {
  Consumer,
  EachBatchPayload,
  IHeaders,
  KafkaMessage,
  LogEntry,
  logLevel as LogLevel,
  Message,
  Producer,
  Kafka as KafkaClient,
} from 'kafkajs';
import { DEAD_LETTER_RETENTION_MS, deadLetterTopic, TOPIC_SPECS, type TopicSpec } from '#concerto/contracts';
import { isDatabaseUnavailable } from '#concerto/persistence';
import {
  MessageTransport,
  PermanentMessageError,
  type Subscription,
  type TransportMessage,
} from './message-transport.port.js';
import { deadLetterOf, failureText, isFinalFailure, retryDelayMs, type RetryPolicy } from './retry-policy.js';

const { Kafka, logLevel: KafkaLogLevel, Partitioners } = kafkajs;

export interface KafkaTransportOptions {
  /** Bootstrap servers, e.g. `['127.0.0.1:19092']`. */
  brokers: string[];
  clientId: string;
  /** Bounded retries of a failing handler before the message goes to `<topic>.dlt`. */
  retry: RetryPolicy;
  /** Topics provisioned at start (each with its `.dlt` twin). Defaults to every declared topic. */
  topics?: readonly TopicSpec[];
  /**
   * Errors that say "the infrastructure is down", not "this message is bad" (default: database
   * unreachable; the services also count a dependency they cannot reach). They are retried with capped backoff for as long as the transport runs and do
   * not use up the message's attempts, so an outage never dead-letters healthy messages.
   */
  isTransient?: (error: unknown) => boolean;
  /** Cap of the backoff between retries of a transient error. Default 5000 ms. */
  transientBackoffMaxMs?: number;
  /** Consumer session timeout: how fast a crashed consumer's partitions move. Default 10000 ms. */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Longest wait for the broker to accept a publish before the caller is told it failed. Default 30000 ms. */
  publishTimeoutMs?: number;
  /** Retention of the dead-letter topics. Default 30 days. */
  deadLetterRetentionMs?: number;
  /** kafkajs' own logging threshold. Default `warn`. */
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

/** Ends a delivery at shutdown without counting an attempt or dead-lettering it. */
class DeliveryAborted extends PermanentMessageError {
  constructor() {
    super('delivery aborted: the transport is stopping');
    this.name = 'DeliveryAborted';
  }
}

/**
 * Distributed-mode transport over Apache Kafka (kafkajs).
 *
 * - Publishing uses an idempotent producer with `acks = -1`, so a resolved publish is on every
 *   in-sync replica and producer retries do not duplicate.
 * - Each subscription is its own consumer group. A failing message is tried up to
 *   `retry.maxAttempts` times with exponential backoff; the last failure or a permanent error sends
 *   it to `<topic>.dlt` with the error headers. Its offset is resolved, and then committed, only
 *   after the handler finished or the dead letter was accepted: a crash in between redelivers, and
 *   the consumers' inbox absorbs the duplicate.
 * - Between attempts the message's partition is paused, not slept on: kafkajs fetches again only
 *   once every batch in hand is done, so a sleeping poison message would hold back every partition
 *   of the broker. Paused, it holds back only the keys behind it on its own partition, for
 *   backoffMs × (2^(maxAttempts−1) − 1) plus the handlers' time (3 s with the defaults), and the
 *   fetch after resume() starts from it again. Attempt counts live in memory: a member that takes
 *   the partition over after a rebalance or a crash starts counting afresh (more tries, never fewer).
 * - An infrastructure outage (`isTransient`) is waited out inside the attempt, since it is not the
 *   message's fault and would fail every other message too.
 * - stop() lets the in-flight message finish, commits, leaves the groups, then disconnects.
 */
export class KafkaTransport extends MessageTransport {
  private readonly logger = new Logger(KafkaTransport.name);
  private readonly kafka: KafkaClient;
  private readonly producer: Producer;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly consumers = new Map<string, Consumer>();
  private readonly restartTimers = new Set<NodeJS.Timeout>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  /** Failed attempts per message (`group|topic|partition|offset`) waiting for their next try. */
  private readonly failedAttempts = new Map<string, number>();
  private readonly stopController = new AbortController();
  private state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';
  private starting?: Promise<void>;
  private stoppingConsumers?: Promise<void>;
  private readonly opts: Required<Omit<KafkaTransportOptions, 'topics'>> & { topics: readonly TopicSpec[] };

  constructor(options: KafkaTransportOptions) {
    super();
    this.opts = {
      topics: TOPIC_SPECS,
      isTransient: isDatabaseUnavailable,
      transientBackoffMaxMs: 5000,
      sessionTimeoutMs: 10000,
      heartbeatIntervalMs: 3000,
      publishTimeoutMs: 30000,
      deadLetterRetentionMs: DEAD_LETTER_RETENTION_MS,
      logLevel: 'warn',
      ...options,
    };
    if (this.opts.brokers.length === 0) {
      throw new Error('KafkaTransport needs at least one broker');
    }
    this.kafka = new Kafka({
      clientId: this.opts.clientId,
      brokers: this.opts.brokers,
      connectionTimeout: 3000,
      requestTimeout: 30000,
      // Back-off between reconnects capped at 3 s, so a broker that comes back is used within
      // seconds (kafkajs' default cap, 30 s, delays recovery after an outage by as much).
      retry: { initialRetryTime: 250, maxRetryTime: 3000, retries: 8 },
      logLevel: toKafkaLogLevel(this.opts.logLevel),
      logCreator: () => (entry) => this.logKafka(entry),
    });
    this.producer = this.kafka.producer({
      idempotent: true,
      // One request in flight per broker keeps per-key order across producer retries.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  subscribe(subscription: Subscription): void {
    if (this.subscriptions.has(subscription.group)) {
      throw new Error(`consumer group ${subscription.group} is already subscribed`);
    }
    if (this.state === 'stopping' || this.state === 'stopped') {
      throw new Error('transport is stopped');
    }
    this.subscriptions.set(subscription.group, subscription);
    if (this.state === 'running') {
      void this.startConsumer(subscription).catch((error: unknown) => this.scheduleRestart(subscription, error));
    }
  }

  /** Provisions the topics, connects the producer and starts one consumer per subscription group. */
  start(): Promise<void> {
    if (this.state === 'stopping' || this.state === 'stopped') {
      return Promise.reject(new Error('transport is stopped'));
    }
    this.starting ??= this.doStart().catch(async (error: unknown) => {
      // Leave nothing half-started behind (a connected producer, some consumers).
      const consumers = [...this.consumers.values()];
      this.consumers.clear();
      await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
      await this.producer.disconnect().catch(() => undefined);
      this.state = 'new';
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  async publish(messages: TransportMessage[]): Promise<void> {
    if (this.state === 'new' || this.state === 'stopped') {
      throw new Error(`transport is ${this.state === 'new' ? 'not started' : 'stopped'}`);
    }
    await this.starting;
    if (messages.length === 0) {
      return;
    }
    const byTopic = new Map<string, Message[]>();
    for (const m of messages) {
      const list = byTopic.get(m.topic) ?? [];
      list.push({ key: m.key, value: m.value, headers: m.headers });
      byTopic.set(m.topic, list);
    }
    await withTimeout(
      this.producer.sendBatch({
        acks: -1,
        timeout: 30000,
        topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
      }),
      this.opts.publishTimeoutMs,
      'Kafka publish',
    );
  }

  /**
   * First half of a graceful stop: consumers finish the message in hand, commit and leave their
   * groups. The producer stays up, so outbox relays can still flush until stop().
   */
  stopConsumers(): Promise<void> {
    this.stoppingConsumers ??= this.doStopConsumers();
    return this.stoppingConsumers;
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') {
      return;
    }
    await this.starting?.catch(() => undefined);
    await this.stopConsumers();
    await this.producer
      .disconnect()
      .catch((error: unknown) => this.logger.warn({ msg: 'producer disconnect failed', error: failureText(error) }));
    this.state = 'stopped';
  }

  /** Consumer groups currently running (for diagnostics and tests). */
  get runningGroups(): string[] {
    return [...this.consumers.keys()];
  }

  private async doStart(): Promise<void> {
    this.state = 'starting';
    const started = Date.now();
    await this.provisionTopics();
    await this.producer.connect();
    if (this.state !== 'starting') {
      return; // stopConsumers() was called meanwhile
    }
    this.state = 'running';
    for (const sub of this.subscriptions.values()) {
      await this.startConsumer(sub);
    }
    this.logger.log({
      msg: 'Kafka transport started',
      brokers: this.opts.brokers.join(','),
      durationMs: Date.now() - started,
    });
  }

  private async doStopConsumers(): Promise<void> {
    if (this.state === 'running' || this.state === 'starting') {
      this.state = 'stopping';
    }
    this.stopController.abort();
    for (const t of [...this.restartTimers, ...this.resumeTimers]) {
      clearTimeout(t);
    }
    this.restartTimers.clear();
    this.resumeTimers.clear();
    await this.starting?.catch(() => undefined);
    const consumers = [...this.consumers.entries()];
    this.consumers.clear();
    if (consumers.length === 0) {
      return;
    }
    const started = Date.now();
    await Promise.all(
      consumers.map(([group, consumer]) =>
        consumer
          .disconnect()
          .catch((error: unknown) =>
            this.logger.warn({ msg: 'consumer disconnect failed', group, error: failureText(error) }),
          ),
      ),
    );
    this.logger.log({
      msg: 'Kafka consumers stopped (in-flight messages finished, offsets committed)',
      groups: consumers.map(([g]) => g),
      durationMs: Date.now() - started,
    });
  }

  /** Creates the declared topics and their dead-letter twins; existing ones are kept (and grown if they have fewer partitions). */
  private async provisionTopics(): Promise<void> {
    const wanted = this.opts.topics.flatMap((spec) => [
      { topic: spec.name, numPartitions: spec.partitions, retentionMs: spec.retentionMs },
      {
        topic: deadLetterTopic(spec.name),
        numPartitions: spec.partitions,
        retentionMs: Math.max(spec.retentionMs, this.opts.deadLetterRetentionMs),
      },
    ]);
    if (wanted.length === 0) {
      return;
    }
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = wanted.filter((t) => !existing.has(t.topic));
      if (missing.length > 0) {
        // false = another service created them in the meantime, which is fine.
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({
            topic: t.topic,
            numPartitions: t.numPartitions,
            configEntries: [{ name: 'retention.ms', value: String(t.retentionMs) }],
          })),
        });
        this.logger.log({ msg: 'Kafka topics created', topics: missing.map((t) => t.topic) });
      }
      const metadata = await admin.fetchTopicMetadata({ topics: wanted.map((t) => t.topic) });
      const grow = metadata.topics
        .map((t) => ({
          topic: t.name,
          have: t.partitions.length,
          want: wanted.find((w) => w.topic === t.name)?.numPartitions ?? 0,
        }))
        .filter((t) => t.have < t.want);
      if (grow.length > 0) {
        await admin.createPartitions({ topicPartitions: grow.map((t) => ({ topic: t.topic, count: t.want })) });
        this.logger.warn({ msg: 'Kafka topics grown to their declared partition count', topics: grow });
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async startConsumer(sub: Subscription): Promise<void> {
    if (this.state !== 'running' || this.consumers.has(sub.group)) {
      return;
    }
    const consumer = this.kafka.consumer({
      groupId: sub.group,
      sessionTimeout: this.opts.sessionTimeoutMs,
      heartbeatInterval: this.opts.heartbeatIntervalMs,
      rebalanceTimeout: 60000,
      // Short fetch waits: low latency when idle, and a quick stop.
      maxWaitTimeInMs: 250,
      allowAutoTopicCreation: false,
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart && this.state === 'running' && this.consumers.get(sub.group) === consumer) {
        this.consumers.delete(sub.group);
        this.scheduleRestart(sub, event.payload.error, consumer);
      }
    });
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      const assigned = Object.values(event.payload.memberAssignment).reduce(
        (n, partitions) => n + partitions.length,
        0,
      );
      this.forgetUnassignedAttempts(sub.group, event.payload.memberAssignment);
      this.logger.log({
        msg: 'Kafka consumer joined its group',
        group: sub.group,
        partitions: assigned,
        durationMs: event.payload.duration,
      });
    });
    this.consumers.set(sub.group, consumer);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: sub.topics, fromBeginning: true });
      const partitions = Math.max(
        1,
        ...sub.topics.map((t) => this.opts.topics.find((s) => s.name === t)?.partitions ?? 1),
      );
      await consumer.run({
        autoCommit: true,
        // Within a long batch, commit what is resolved at most once a second; every batch end commits too.
        autoCommitInterval: 1000,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: partitions,
        eachBatch: (payload) => this.handleBatch(sub, payload),
      });
    } catch (error) {
      if (this.consumers.get(sub.group) === consumer) {
        this.consumers.delete(sub.group);
      }
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /** A consumer that kafkajs gave up on (non-retriable crash) is recreated, so consumption never silently stops. */
  private scheduleRestart(sub: Subscription, error: unknown, old?: Consumer): void {
    if (this.state !== 'running') {
      return;
    }
    this.logger.error({
      msg: 'Kafka consumer stopped; recreating it in 5 s',
      group: sub.group,
      error: failureText(error),
    });
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      void (async () => {
        await old?.disconnect().catch(() => undefined);
        await this.startConsumer(sub);
      })().catch((e: unknown) => this.scheduleRestart(sub, e));
    }, 5000);
    this.restartTimers.add(timer);
  }

  private async handleBatch(sub: Subscription, payload: EachBatchPayload): Promise<void> {
    // kafkajs builds these as closures over the batch, not as methods that read `this`.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary, pause } = payload;
    for (const m of batch.messages) {
      if (!isRunning() || isStale() || this.stopController.signal.aborted) {
        return;
      }
      const message = toTransportMessage(batch.topic, m);
      const outcome = await this.deliver(sub, message, batch.partition, m.offset, heartbeat);
      if (outcome === 'aborted') {
        return;
      }
      if (typeof outcome === 'object') {
        // The failed message stays unresolved, so the fetch after resume() starts from it again.
        // Pausing, not sleeping here, lets kafkajs go on fetching every other partition meanwhile.
        this.resumeLater(pause(), outcome.retryInMs);
        return;
      }
      resolveOffset(m.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  private resumeLater(resume: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      resume();
    }, ms);
    this.resumeTimers.add(timer);
  }

  /**
   * One attempt at a message. 'settled' = handled or dead-lettered (the offset may move on);
   * `{ retryInMs }` = failed, to be tried again after that wait; 'aborted' = stop() interrupted it.
   * Infrastructure outages are waited out inside the attempt: they are not the message's fault.
   */
  private async deliver(
    sub: Subscription,
    message: TransportMessage,
    partition: number,
    offset: string,
    heartbeat: () => Promise<void>,
  ): Promise<'settled' | 'aborted' | { retryInMs: number }> {
    const attemptKey = `${sub.group}|${message.topic}|${partition}|${offset}`;
    const attempt = (this.failedAttempts.get(attemptKey) ?? 0) + 1;
    // A slow handler (or an outage it waits out) must not cost the consumer its group membership.
    const beat = setInterval(() => void heartbeat().catch(() => undefined), this.opts.heartbeatIntervalMs);
    try {
      await this.handleThroughOutages(sub, message, partition, offset);
      this.failedAttempts.delete(attemptKey);
      return 'settled';
    } catch (error) {
      if (error instanceof DeliveryAborted) {
        return 'aborted';
      }
      if (!isFinalFailure(this.opts.retry, attempt, error)) {
        this.failedAttempts.set(attemptKey, attempt);
        const retryInMs = retryDelayMs(this.opts.retry, attempt);
        this.logger.warn({
          msg: 'handler failed; its partition pauses before the next attempt',
          group: sub.group,
          topic: message.topic,
          partition,
          offset,
          attempt,
          retryInMs,
          error: failureText(error),
        });
        return { retryInMs };
      }
      this.failedAttempts.delete(attemptKey);
      const dead = deadLetterOf(message, sub.group, failureText(error), attempt);
      dead.headers['x-dlt-original-partition'] = String(partition);
      dead.headers['x-dlt-original-offset'] = offset;
      dead.headers['x-dlt-failed-at'] = new Date().toISOString();
      this.logger.warn({
        msg: 'message dead-lettered',
        group: sub.group,
        topic: message.topic,
        partition,
        offset,
        eventId: message.headers['ce-id'],
        attempts: attempt,
        error: failureText(error),
      });
      return (await this.publishDeadLetter(dead, sub.group)) ? 'settled' : 'aborted';
    } finally {
      clearInterval(beat);
    }
  }

  private async handleThroughOutages(
    sub: Subscription,
    message: TransportMessage,
    partition: number,
    offset: string,
  ): Promise<void> {
    for (let outage = 0; ; outage++) {
      try {
        await sub.handler(message);
        return;
      } catch (error) {
        if (!this.opts.isTransient(error) || error instanceof PermanentMessageError) {
          throw error;
        }
        if (this.stopController.signal.aborted) {
          throw new DeliveryAborted();
        }
        const wait = Math.min(
          this.opts.transientBackoffMaxMs,
          Math.max(50, this.opts.retry.backoffMs) * 2 ** Math.min(outage, 10),
        );
        if (outage % 10 === 0) {
          this.logger.warn({
            msg: 'handler waits for its infrastructure',
            group: sub.group,
            topic: message.topic,
            partition,
            offset,
            retryInMs: wait,
            error: failureText(error),
          });
        }
        await this.sleep(wait);
      }
    }
  }

  /** Attempt counts of messages whose partition this member no longer holds are dropped after a rebalance. */
  private forgetUnassignedAttempts(group: string, assignment: Record<string, number[]>): void {
    for (const key of this.failedAttempts.keys()) {
      const [g, topic, partition] = key.split('|');
      if (g === group && !(assignment[topic] ?? []).includes(Number(partition))) {
        this.failedAttempts.delete(key);
      }
    }
  }

  /** The offset moves on only once the dead letter is durably in `<topic>.dlt`; retried until then (or stop). */
  private async publishDeadLetter(dead: TransportMessage, group: string): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.publish([dead]);
        return true;
      } catch (error) {
        if (this.stopController.signal.aborted) {
          return false;
        }
        this.logger.error({
          msg: 'dead letter not accepted by Kafka, retrying',
          group,
          topic: dead.topic,
          error: failureText(error),
        });
        await this.sleep(Math.min(this.opts.transientBackoffMaxMs, 250 * 2 ** Math.min(attempt, 10)));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.stopController.signal;
    if (signal.aborted) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** kafkajs logs through the application logger: one JSON line each, quiet unless something is wrong. */
  private logKafka(entry: LogEntry): void {
    const {
      message,
      timestamp: _t,
      logger: _l,
      stack,
      ...extra
    } = entry.log as LogEntry['log'] & { stack?: string; logger?: string };
    let level = entry.level;
    // Every error response is logged by the connection, even those kafkajs retries by itself
    // (coordinator loading, topic already exists): the caller reports what really failed.
    if (entry.namespace === 'Connection' && /^Response /.test(message)) {
      level = KafkaLogLevel.DEBUG;
    }
    // A consumer "crash" that kafkajs restarts by itself is a warning; the final one is logged by us.
    if (entry.namespace === 'Consumer' && /^(Crash|Restarting the consumer)/.test(message)) {
      level = KafkaLogLevel.WARN;
    }
    if (level > toKafkaLogLevel(this.opts.logLevel)) {
      return;
    }
    const line: Record<string, unknown> = { msg: `kafkajs: ${message}`, kafkaNamespace: entry.namespace };
    for (const key of [
      'groupId',
      'memberId',
      'topic',
      'partition',
      'broker',
      'error',
      'retryCount',
      'retryTime',
      'clientId',
    ] as const) {
      if (extra[key] !== undefined) {
        line[key] = extra[key];
      }
    }
    if (level === KafkaLogLevel.ERROR && stack) {
      line.stack = String(stack).split('\n').slice(0, 6).join(' | ');
    }
    switch (level) {
      case KafkaLogLevel.ERROR:
      case KafkaLogLevel.NOTHING:
        this.logger.error(line);
        return;
      case KafkaLogLevel.WARN:
        this.logger.warn(line);
        return;
      case KafkaLogLevel.INFO:
        this.logger.log(line);
        return;
      default:
        this.logger.debug(line);
    }
  }
}

function toKafkaLogLevel(level: KafkaTransportOptions['logLevel']): LogLevel {
  switch (level) {
    case 'error':
      return KafkaLogLevel.ERROR;
    case 'info':
      return KafkaLogLevel.INFO;
    case 'debug':
      return KafkaLogLevel.DEBUG;
    default:
      return KafkaLogLevel.WARN;
  }
}

function toTransportMessage(topic: string, m: KafkaMessage): TransportMessage {
  return {
    topic,
    key: m.key?.toString('utf8') ?? '',
    value: m.value?.toString('utf8') ?? '',
    headers: kafkaHeaders(m.headers),
  };
}

/** Kafka record headers as strings (the first value of a repeated header). */
export function kafkaHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) {
      out[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
    }
  }
  return out;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
