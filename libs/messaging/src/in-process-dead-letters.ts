import { type DeadLetterSink, type InProcessTransport } from './in-process.transport.js';
import { type TransportMessage } from './message-transport.port.js';
import { type DeadLetterOrigin, deadLetterOriginOf } from './retry-policy.js';

/** What the store needs from a database client (a `pg.Pool` fits). */
export interface DeadLetterSqlClient {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A parked event as an operator sees it: where it came from, who gave up on it and why. Never its content. */
export interface StoredDeadLetter extends DeadLetterOrigin {
  id: string;
  deadLetterTopic: string;
  key: string;
  originalTopic: string;
  failedAt: string;
  /** Already sent back to its consumer group by an earlier replay. */
  replayed: boolean;
  replayedAt?: string;
}

/**
 * What a replay did with one dead letter: the consumer group applied it this time, failed again (a new dead
 * letter now holds it), or no longer exists in this engine (the letter stays pending).
 */
export type ReplayOutcome = 'handled' | 'dead-lettered-again' | 'no-such-consumer';

export type ReplayedDeadLetter = StoredDeadLetter & { outcome: ReplayOutcome };

interface DeadLetterRow {
  id: string;
  topic: string;
  message_key: string;
  value: string;
  headers: Record<string, string>;
  stored_at: Date;
  replayed_at: Date | null;
}

/**
 * The embedded mode's dead letters (ADR 0003): the in-process transport parks in PostgreSQL what a consumer
 * group gave up on, and an operator lists them and sends them back once the cause is fixed, as `dead-letters
 * replay` does with Kafka's `.dlt` topics. A replay goes to the group that failed only, so a message that every
 * group rejected is not multiplied; the event keeps its id, so a group that had applied it meanwhile skips it
 * (inbox). A letter is marked replayed after its delivery ended; a crash in between delivers it again, which
 * the inbox absorbs. Kept as long as Kafka keeps a dead-letter topic, replayed or not.
 */
export class InProcessDeadLetters implements DeadLetterSink {
  private replaying: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: DeadLetterSqlClient,
    private readonly schema = 'messaging',
  ) {}

  async store(m: TransportMessage): Promise<void> {
    await this.db.query(
      `INSERT INTO "${this.schema}"."dead_letters" ("topic","message_key","value","headers") VALUES ($1,$2,$3,$4)`,
      [m.topic, m.key, m.value, JSON.stringify(m.headers)],
    );
  }

  /** Every dead letter still kept, oldest first. */
  async list(): Promise<StoredDeadLetter[]> {
    const { rows } = await this.db.query(`SELECT * FROM "${this.schema}"."dead_letters" ORDER BY "id"`);
    return (rows as DeadLetterRow[]).map(describe);
  }

  /** Sends every dead letter not yet replayed back to the consumer group that gave up on it. One replay at a time. */
  replay(transport: InProcessTransport): Promise<ReplayedDeadLetter[]> {
    const run = this.replaying.then(() => this.replayPending(transport));
    this.replaying = run.catch(() => undefined);
    return run;
  }

  /** Deletes the dead letters stored before `now − olderThanMs`, replayed or not; returns how many. */
  async purge(olderThanMs: number): Promise<number> {
    const { rows } = await this.db.query(
      `WITH gone AS (DELETE FROM "${this.schema}"."dead_letters" WHERE "stored_at" < now() - make_interval(secs => $1::double precision) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [olderThanMs / 1000],
    );
    return (rows[0] as { n: number }).n;
  }

  private async replayPending(transport: InProcessTransport): Promise<ReplayedDeadLetter[]> {
    const { rows } = await this.db.query(
      `SELECT * FROM "${this.schema}"."dead_letters" WHERE "replayed_at" IS NULL ORDER BY "id"`,
    );
    const out: ReplayedDeadLetter[] = [];
    for (const row of rows as DeadLetterRow[]) {
      const letter = describe(row);
      const delivered = letter.consumerGroup
        ? await transport.redeliver(original(row, letter.originalTopic), letter.consumerGroup)
        : undefined;
      if (!delivered) {
        out.push({ ...letter, outcome: 'no-such-consumer' });
        continue;
      }
      const marked = await this.db.query(
        `UPDATE "${this.schema}"."dead_letters" SET "replayed_at" = now() WHERE "id" = $1 RETURNING "replayed_at"`,
        [row.id],
      );
      const replayedAt = (marked.rows[0] as { replayed_at?: Date } | undefined)?.replayed_at;
      out.push({
        ...letter,
        replayed: true,
        replayedAt: replayedAt ? new Date(replayedAt).toISOString() : undefined,
        outcome: delivered.status === 'handled' ? 'handled' : 'dead-lettered-again',
      });
    }
    return out;
  }
}

/** The message as it was before it was parked, marked with where the copy comes from. */
function original(row: DeadLetterRow, topic: string): TransportMessage {
  const headers = Object.fromEntries(Object.entries(row.headers).filter(([name]) => !name.startsWith('x-dlt-')));
  return {
    topic,
    key: row.message_key,
    value: row.value,
    headers: { ...headers, 'x-replayed-from': `dead_letters/${row.id}` },
  };
}

function describe(row: DeadLetterRow): StoredDeadLetter {
  const origin = deadLetterOriginOf(row.headers);
  return {
    id: String(row.id),
    deadLetterTopic: row.topic,
    key: row.message_key,
    ...origin,
    originalTopic: origin.originalTopic ?? row.topic.replace(/\.dlt$/, ''),
    failedAt: new Date(row.stored_at).toISOString(),
    replayed: row.replayed_at !== null,
    ...(row.replayed_at ? { replayedAt: new Date(row.replayed_at).toISOString() } : {}),
  };
}
