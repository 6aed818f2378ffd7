import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the test SMTP server received it: the SMTP envelope, the raw bytes and the parsed mail. */
export interface ReceivedMessage {
  envelope: { from: string | undefined; to: string[] };
  raw: Buffer;
  mail: ParsedMail;
}

export interface TestSmtpServer {
  readonly host: string;
  readonly port: number;
  /** Every message received so far, in arrival order. */
  readonly messages: readonly ReceivedMessage[];
  /**
   * Connections that broke during a mail transaction (e.g. ECONNRESET when the sender was killed
   * mid-message, as fault tests do). Recorded, never thrown: the sender going away is the test's doing.
   */
  readonly connectionErrors: readonly Error[];
  /** Resolves once at least `count` messages have arrived (rejects after the timeout). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  /** Forgets the messages received so far. */
  clear(): void;
  close(): Promise<void>;
}

export interface TestSmtpServerOptions {
  sizeLimitBytes?: number;
  /**
   * Runs once a message is complete and parsed, before it is recorded and answered 250: a slow
   * provider (a delay) for fault tests, so that a crash can land while a send is in flight.
   */
  beforeAccept?: (message: ReceivedMessage) => Promise<void> | void;
  /**
   * Called synchronously right after the 250 was handed to the socket: the earliest moment the
   * sender can know the message was accepted (fault tests kill the sender here).
   */
  onAccepted?: (message: ReceivedMessage) => void;
  /** Called for each chunk of a message's body as the server reads it: tests wait on it for a transaction to be under way. */
  onData?: (chunk: Buffer) => void;
  /**
   * Which accepted messages the test looks at (`messages`, `waitFor`): the others are accepted
   * (250) and set aside, e.g. the coordinators' pages in a test about invitations.
   */
  keep?: (message: ReceivedMessage) => boolean;
}

/** The demo directory's pagers and reporters' mailboxes: pages and reporter feedback, not invitations. */
const STAFF_MAIL = /@(pager|mail)\.demo\.concerto\.brussels$/i;

/** A coordinator's pager or a reporter's mailbox of the demo directory (pages and feedback, not invitations). */
export function isStaffAddress(address: string | undefined): boolean {
  return address !== undefined && STAFF_MAIL.test(address);
}

/** Keeps the messages to invitees: pages to coordinators and feedback to reporters are set aside. */
export function toInviteesOnly(message: ReceivedMessage): boolean {
  return !message.envelope.to.every(isStaffAddress);
}

/**
 * A real SMTP server (the `smtp-server` package) on a random loopback port: no TLS, no
 * authentication, a size limit. It keeps every message it accepts and parses it with
 * `mailparser`, so tests check what a mail client would really receive.
 */
export async function startTestSmtpServer(opts: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const sizeLimit = opts.sizeLimitBytes ?? 5 * 1024 * 1024;
  const messages: ReceivedMessage[] = [];
  const connectionErrors: Error[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) {
      w();
    }
  };

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: sizeLimit,
    logger: false,
    banner: 'Concerto test SMTP server',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        opts.onData?.(chunk);
      });
      stream.on('error', (error: Error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          const error = new Error('Message exceeds fixed maximum message size') as Error & { responseCode: number };
          error.responseCode = 552;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then(async (mail) => {
            const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
            const message: ReceivedMessage = {
              envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) },
              raw,
              mail,
            };
            await opts.beforeAccept?.(message);
            if (opts.keep?.(message) ?? true) {
              messages.push(message);
            }
            callback();
            try {
              opts.onAccepted?.(message);
            } catch {
              // the message is answered already: a failing hook must not answer it a second time
            }
            notify();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // smtp-server re-emits a connection's socket error on the server when a transaction was under
  // way; an EventEmitter 'error' without a listener would crash the test process.
  server.on('error', (error: Error) => connectionErrors.push(error));
  const port = (server.server.address() as AddressInfo).port;

  return {
    host: '127.0.0.1',
    port,
    messages,
    connectionErrors,
    waitFor(count: number, timeoutMs = 120_000): Promise<ReceivedMessage[]> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length >= count) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(messages.slice(0, count));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Expected ${count} message(s), received ${messages.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    clear(): void {
      messages.length = 0;
    },
    close(): Promise<void> {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The calendar parts of a received mail, as text: the `text/calendar` alternative and any
 * `.ics` attachment (`application/ics` or `text/calendar`). mailparser exposes both as attachments.
 */
export function calendarParts(
  mail: ParsedMail,
): Array<{ contentType: string; filename?: string; method?: string; text: string; inline: boolean }> {
  return mail.attachments
    .filter(
      (a) =>
        a.contentType === 'text/calendar' ||
        a.contentType === 'application/ics' ||
        (a.filename ?? '').toLowerCase().endsWith('.ics'),
    )
    .map((a) => {
      const ct = a.headers.get('content-type') as
        { value?: string; params?: Record<string, string> } | string | undefined;
      const method = typeof ct === 'object' && ct?.params ? ct.params.method : undefined;
      return {
        contentType: a.contentType,
        filename: a.filename,
        method,
        text: a.content.toString('utf8'),
        inline: a.contentDisposition !== 'attachment',
      };
    });
}

export * from './ical-reader.js';
