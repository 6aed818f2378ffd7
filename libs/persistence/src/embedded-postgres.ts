import { timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export const EMBEDDED_PG_HOST = '127.0.0.1';
export const EMBEDDED_PG_USER = 'postgres';

/**
 * PostgreSQL semantics without a server: PGlite (Postgres compiled to WebAssembly) behind
 * its wire-protocol socket server, so the production `pg`/TypeORM code runs unchanged.
 * PGlite itself trusts every connection; the socket server here asks for a password first
 * (any other local user could otherwise read and write every service's data through the port).
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly port: number,
    private readonly password: string,
  ) {}

  static async start(dataDir: string, port: number, password: string): Promise<EmbeddedPostgres> {
    if (password.length < 16) {
      throw new Error('The embedded PostgreSQL password must be at least 16 characters');
    }
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const db = await PGlite.create(dataDir);
    const server = new PGLiteSocketServer({ db, host: EMBEDDED_PG_HOST, port, maxConnections: 64 });
    keepExtendedQuerySequencesTogether(server, password);
    await server.start();
    const address = (server as unknown as { server?: { address(): { port: number } } }).server?.address();
    return new EmbeddedPostgres(db, server, address?.port ?? port, password);
  }

  get url(): string {
    return `postgres://${EMBEDDED_PG_USER}:${encodeURIComponent(this.password)}@${EMBEDDED_PG_HOST}:${this.port}/postgres`;
  }

  /** Where the server listens, for the start-up log (never the password). */
  get address(): string {
    return `postgres://${EMBEDDED_PG_USER}@${EMBEDDED_PG_HOST}:${this.port}/postgres`;
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
function keepExtendedQuerySequencesTogether(server: PGLiteSocketServer, password: string): void {
  const q = (server as unknown as { queryQueue: QueryQueueInternals }).queryQueue;
  let midSequence = false;
  const gate = new PasswordGate(password);
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
        const admitted = gate.admit(current);
        if (admitted !== 'run') {
          if (admitted !== 'answered') {
            // The password was right: PGlite now answers the start-up message it held back.
            await runOnDb(this.db, admitted, (data) => current.onData(data)).then(
              (bytes) => current.resolve(bytes),
              (error: Error) => current.reject(error),
            );
          }
          continue;
        }
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
    gate.forget(handlerId);
    if (q.lastHandlerId === handlerId) {
      midSequence = false;
    }
    await clear(handlerId);
    await q.processQueue();
  };
}

async function runOnDb(db: PGlite, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
  let bytes = 0;
  await db.runExclusive(() =>
    db.execProtocolRawStream(message, {
      onRawData: (data: Uint8Array) => {
        bytes += data.length;
        onData(data);
      },
    }),
  );
  return bytes;
}

const PROTOCOL_3 = 196608;

/**
 * Password authentication in front of PGlite (cleartext password over loopback, as PostgreSQL's
 * `password` method): a connection's start-up message is held back and answered with
 * AuthenticationCleartextPassword; only after the right PasswordMessage does PGlite see the
 * start-up message (and answer AuthenticationOk). Anything else from a connection that has not
 * authenticated is refused without reaching the database.
 */
class PasswordGate {
  private readonly expected: Buffer;
  private readonly authenticated = new Set<number>();
  private readonly heldStartups = new Map<number, Uint8Array>();

  constructor(password: string) {
    this.expected = Buffer.from(password, 'utf8');
  }

  /** 'run': pass the message to PGlite; 'answered': already answered here; bytes: run these instead. */
  admit(m: QueuedMessage): 'run' | 'answered' | Uint8Array {
    if (this.authenticated.has(m.handlerId)) {
      return 'run';
    }
    const bytes = Buffer.from(m.message.buffer, m.message.byteOffset, m.message.byteLength);
    if (bytes.length >= 8 && bytes.readInt32BE(4) === PROTOCOL_3 && !this.heldStartups.has(m.handlerId)) {
      this.heldStartups.set(m.handlerId, m.message);
      const ask = Buffer.alloc(9);
      ask.write('R', 0, 'latin1');
      ask.writeInt32BE(8, 1);
      ask.writeInt32BE(3, 5); // AuthenticationCleartextPassword
      return this.answer(m, ask);
    }
    const startup = this.heldStartups.get(m.handlerId);
    if (startup && bytes[0] === 0x70 && this.passwordMatches(bytes)) {
      this.heldStartups.delete(m.handlerId);
      this.authenticated.add(m.handlerId);
      return startup;
    }
    this.heldStartups.delete(m.handlerId);
    return this.answer(
      m,
      errorResponse(
        startup ? '28P01' : '28000',
        startup ? 'password authentication failed' : 'authentication required',
      ),
    );
  }

  forget(handlerId: number): void {
    this.authenticated.delete(handlerId);
    this.heldStartups.delete(handlerId);
  }

  private passwordMatches(message: Buffer): boolean {
    // 'p', int32 length, the password, NUL.
    const given = message.subarray(5, message.length - 1);
    return given.length === this.expected.length && timingSafeEqual(given, this.expected);
  }

  private answer(m: QueuedMessage, reply: Buffer): 'answered' {
    m.onData(new Uint8Array(reply));
    m.resolve(reply.length);
    return 'answered';
  }
}

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const out = Buffer.alloc(5 + fields.length);
  out.write('E', 0, 'latin1');
  out.writeInt32BE(4 + fields.length, 1);
  fields.copy(out, 5);
  return out;
}
