import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import { kafkaHeaders } from './kafka.transport.js';

/** An offset per partition. */
export type PartitionOffsets = Map<number, bigint>;

/** The oldest kept offset (low) and the next offset to be written (high) of each partition. */
export async function topicWatermarks(
  admin: Admin,
  topic: string,
): Promise<{ low: PartitionOffsets; high: PartitionOffsets }> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return {
    low: new Map(offsets.map((o) => [o.partition, BigInt(o.low)])),
    high: new Map(offsets.map((o) => [o.partition, BigInt(o.high)])),
  };
}

export interface RangeMessage {
  partition: number;
  offset: string;
  key: string;
  value: Buffer | null;
  headers: Record<string, string>;
}

/**
 * The messages of a topic in [from, to) on every partition, in offset order per partition. Read
 * with a throw-away consumer group, deleted afterwards: reading must not move anyone's offsets.
 */
export async function readTopicRange(
  kafka: Kafka,
  topic: string,
  from: PartitionOffsets,
  to: PartitionOffsets,
  timeoutMs = 30000,
): Promise<RangeMessage[]> {
  const wanted = [...to].filter(([p, end]) => end > (from.get(p) ?? 0n));
  if (wanted.length === 0) {
    return [];
  }
  const out: RangeMessage[] = [];
  const done = new Set<number>();
  const groupId = `concerto-range-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, maxWaitTimeInMs: 200 });
  await consumer.connect();
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const finished = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`reading ${topic} timed out after ${timeoutMs} ms`)), timeoutMs);
      void consumer
        .run({
          autoCommit: false,
          eachMessage: ({ partition, message }) => {
            const offset = BigInt(message.offset);
            const end = to.get(partition) ?? 0n;
            if (offset >= (from.get(partition) ?? 0n) && offset < end) {
              out.push({
                partition,
                offset: message.offset,
                key: message.key?.toString() ?? '',
                value: message.value,
                headers: kafkaHeaders(message.headers),
              });
            }
            if (offset + 1n >= end) {
              done.add(partition);
              if (wanted.every(([p]) => done.has(p))) {
                resolve();
              }
            }
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
    for (const [partition] of wanted) {
      consumer.seek({ topic, partition, offset: String(from.get(partition) ?? 0n) });
    }
    await finished;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    const admin = kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([groupId]))
      .catch(() => undefined)
      .finally(() => admin.disconnect().catch(() => undefined));
  }
  return out.sort((a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
}
