import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PostgreSQL semantics without a server: PGlite (Postgres compiled to WebAssembly) behind
 * its wire-protocol socket server, so the production `pg`/TypeORM code runs unchanged.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly port: number,
  ) {}

  static async start(dataDir: string, port = 0): Promise<EmbeddedPostgres> {
    mkdirSync(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 64 });
    keepExtendedQuerySequencesTogether(server);
    await server.start();
    const address = (server as unknown as { server?: { address(): { port: number } } }).server?.address();
    return new EmbeddedPostgres(db, server, address?.port ?? port);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: Error): void;
  onData(data: Uint8Array): void;
}

interface QueryQueueInternals {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

// Messages after which the backend is between requests: Sync, simple Query, Terminate,
// and the start-up and password messages (type byte 0 or 'p').
const SEQUENCE_ENDS = new Set([0x53, 0x51, 0x58, 0x70, 0x00]);

/**
 * pglite-socket multiplexes connections one protocol *message* at a time. node-postgres sends
 * an extended query as Parse/Bind/Describe/Execute/Sync, so two connections could interleave
 * inside each other's sequence and overwrite the unnamed statement ("unnamed prepared statement
 * does not exist", or worse, a wrong result). This keeps each connection's sequence together up
 * to its Sync, exactly as the library already keeps a transaction together.
 */
function keepExtendedQuerySequencesTogether(server: PGLiteSocketServer): void {
  const q = (server as unknown as { queryQueue: QueryQueueInternals }).queryQueue;
  let midSequence = false;
  q.processQueue = async function processQueue(this: QueryQueueInternals): Promise<void> {
    if (this.processing || this.queue.length === 0) {
      return;
    }
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        let next: QueuedMessage | undefined;
        if ((midSequence || this.db.isInTransaction()) && this.lastHandlerId !== null) {
          const i = this.queue.findIndex((m) => m.handlerId === this.lastHandlerId);
          if (i === -1) {
            break; // wait for the rest of that connection's sequence
          }
          next = this.queue.splice(i, 1)[0];
        } else {
          next = this.queue.shift();
        }
        if (!next) {
          break;
        }
        const current = next;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
        } catch (error) {
          midSequence = false;
          current.reject(error as Error);
          continue;
        }
        midSequence = !SEQUENCE_ENDS.has(current.message[0]);
        this.lastHandlerId = current.handlerId;
        current.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
  const clear = q.clearTransactionIfNeeded.bind(q);
  q.clearTransactionIfNeeded = async (handlerId: number) => {
    if (q.lastHandlerId === handlerId) {
      midSequence = false;
    }
    await clear(handlerId);
    await q.processQueue();
  };
}
