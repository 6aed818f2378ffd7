import { connect, type Socket } from 'node:net';
import { expectEventually } from '../expect-eventually.js';
import { startTestSmtpServer, type TestSmtpServer } from './test-smtp-server.js';

/** A raw SMTP client: each command waits for the reply line(s) that start with the expected code. */
async function session(
  port: number,
): Promise<{ socket: Socket; send: (line: string, expect: string) => Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  let buffer = '';
  const waiting: Array<{ code: string; resolve: () => void }> = [];
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (const w of [...waiting]) {
      if (new RegExp(`^${w.code} `, 'm').test(buffer)) {
        buffer = '';
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  socket.on('error', () => undefined);
  const reply = (code: string) => new Promise<void>((resolve) => waiting.push({ code, resolve }));
  await reply('220');
  return {
    socket,
    send: async (line, code) => {
      const r = reply(code);
      socket.write(`${line}\r\n`);
      await r;
    },
  };
}

describe('test SMTP server', () => {
  let smtp: TestSmtpServer;

  let bodyRead: Promise<void>;

  beforeEach(async () => {
    let read!: () => void;
    bodyRead = new Promise<void>((r) => (read = r));
    smtp = await startTestSmtpServer({ onData: () => read() });
  });
  afterEach(() => smtp.close());

  it('records a sender that resets its connection mid-message, and keeps serving the next one', async () => {
    const dying = await session(smtp.port);
    await dying.send('EHLO sender.test', '250');
    await dying.send('MAIL FROM:<a@sender.test>', '250');
    await dying.send('RCPT TO:<b@receiver.test>', '250');
    await dying.send('DATA', '354');
    await new Promise<void>((resolve) =>
      dying.socket.write('Subject: half a message\r\n\r\nthe sender is killed here', () => resolve()),
    );
    await bodyRead; // the server has read it: the transaction is under way
    // A TCP reset, as when the sending process is SIGKILLed with the transaction under way.
    dying.socket.resetAndDestroy();
    await expectEventually(() =>
      expect(smtp.connectionErrors.map((e) => (e as NodeJS.ErrnoException).code)).toEqual(['ECONNRESET']),
    );

    const next = await session(smtp.port);
    await next.send('EHLO sender.test', '250');
    await next.send('MAIL FROM:<a@sender.test>', '250');
    await next.send('RCPT TO:<b@receiver.test>', '250');
    await next.send('DATA', '354');
    await next.send('Subject: whole\r\n\r\ndelivered\r\n.', '250');
    next.socket.end();
    expect(smtp.messages.map((m) => m.mail.subject)).toEqual(['whole']);
  });
});
