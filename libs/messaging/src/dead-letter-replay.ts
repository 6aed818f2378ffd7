import kafkajs, { type Admin, type Kafka as KafkaClient } from 'kafkajs';
import { deadLetterTopic, TOPIC_SPECS } from '#concerto/contracts';
import { type PartitionOffsets, type RangeMessage, readTopicRange, topicWatermarks } from './kafka-range-reader.js';
import { type DeadLetterOrigin, deadLetterOriginOf } from './retry-policy.js';
import { structuredEventHeaders } from './cloudevents-kafka.js';

const { Kafka, logLevel: KafkaLogLevel, Partitioners } = kafkajs;

/** The consumer group whose committed offsets say how far each `.dlt` partition has been replayed. */
export const REPLAYED_GROUP = 'concerto.dead-letters.replayed';
const SEND_SLICE = 100;

export interface DeadLetter extends DeadLetterOrigin {
  deadLetterTopic: string;
  partition: number;
  offset: string;
  key: string;
  failedAt?: string;
  /** Already sent back to its topic by an earlier replay. */
  replayed: boolean;
}

export interface DeadLetterReplayOptions {
  brokers: string[];
  /** The topics whose dead letters are handled; every declared topic by default. */
  topics?: readonly string[];
  replayedGroup?: string;
  clientId?: string;
}

/**
 * Operator tool for the dead-letter topics (ADR 0003): lists what is parked and sends it back to
 * the topic it came from, once the cause is fixed. Sending back to the original topic is safe
 * because every consumer is idempotent: the groups that had already handled the event find its
 * id in their inbox (INBOX_RETENTION_HOURS outlasts the dead letters' retention), and only the
 * group that failed applies it. A dead letter is replayed once: the offsets of a consumer group move
 * past it after Kafka accepted the copy; a crash in between sends it again, which the inboxes absorb.
 */
export class DeadLetterReplay {
  private readonly kafka: KafkaClient;
  private readonly topics: readonly string[];
  private readonly replayedGroup: string;

  constructor(opts: DeadLetterReplayOptions) {
    this.kafka = new Kafka({
      clientId: opts.clientId ?? 'concerto-dead-letters',
      brokers: opts.brokers,
      connectionTimeout: 3000,
      logLevel: KafkaLogLevel.NOTHING,
    });
    this.topics = opts.topics ?? TOPIC_SPECS.map((t) => t.name);
    this.replayedGroup = opts.replayedGroup ?? REPLAYED_GROUP;
  }

  /** Every dead letter still kept, oldest first per partition, with whether it was replayed. */
  async list(): Promise<DeadLetter[]> {
    return this.withAdmin(async (admin) => {
      const out: DeadLetter[] = [];
      for (const [, dlt] of await this.existingDeadLetterTopics(admin)) {
        const { low, high } = await topicWatermarks(admin, dlt);
        const replayedUpTo = await this.replayedOffsets(admin, dlt, low);
        for (const m of await readTopicRange(this.kafka, dlt, low, high)) {
          out.push(describe(dlt, m, BigInt(m.offset) < (replayedUpTo.get(m.partition) ?? 0n)));
        }
      }
      return out;
    });
  }

  /** Sends every dead letter not yet replayed back to the topic it came from, with its key, value and event id. */
  async replay(): Promise<DeadLetter[]> {
    return this.withAdmin(async (admin) => {
      const replayed: DeadLetter[] = [];
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      try {
        for (const [topic, dlt] of await this.existingDeadLetterTopics(admin)) {
          const { low, high } = await topicWatermarks(admin, dlt);
          const from = await this.replayedOffsets(admin, dlt, low);
          const pending = await readTopicRange(this.kafka, dlt, from, high);
          // In slices, so that one request stays well under the broker's 1 MB batch limit.
          for (let i = 0; i < pending.length; i += SEND_SLICE) {
            await producer.send({
              topic,
              acks: -1,
              messages: pending.slice(i, i + SEND_SLICE).map((m) => ({
                key: m.key,
                value: m.value,
                headers: structuredEventHeaders(m.headers['ce-id'], {
                  'x-replayed-from': `${dlt}/${m.partition}/${m.offset}`,
                }),
              })),
            });
          }
          replayed.push(...pending.map((m) => describe(dlt, m, true)));
          // Only now: a copy that Kafka did not accept is still pending for the next replay.
          const moved = [...high].filter(([p, end]) => end > (from.get(p) ?? 0n));
          if (moved.length > 0) {
            await admin.setOffsets({
              groupId: this.replayedGroup,
              topic: dlt,
              partitions: moved.map(([partition, end]) => ({ partition, offset: String(end) })),
            });
          }
        }
      } finally {
        await producer.disconnect();
      }
      return replayed;
    });
  }

  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }

  /** [topic, its dead-letter topic] for each topic whose dead-letter topic exists. */
  private async existingDeadLetterTopics(admin: Admin): Promise<[string, string][]> {
    const existing = new Set(await admin.listTopics());
    return this.topics.map((t): [string, string] => [t, deadLetterTopic(t)]).filter(([, dlt]) => existing.has(dlt));
  }

  /** Where the next replay starts on each partition: the committed offset, or the oldest kept message. */
  private async replayedOffsets(admin: Admin, topic: string, low: PartitionOffsets): Promise<PartitionOffsets> {
    const [committed] = await admin.fetchOffsets({ groupId: this.replayedGroup, topics: [topic] });
    const out = new Map(low);
    for (const p of committed?.partitions ?? []) {
      const at = BigInt(p.offset);
      if (at > (low.get(p.partition) ?? 0n)) {
        out.set(p.partition, at);
      }
    }
    return out;
  }
}

function describe(dlt: string, m: RangeMessage, replayed: boolean): DeadLetter {
  return {
    deadLetterTopic: dlt,
    partition: m.partition,
    offset: m.offset,
    key: m.key,
    ...deadLetterOriginOf(m.headers),
    failedAt: m.headers['x-dlt-failed-at'],
    replayed,
  };
}
