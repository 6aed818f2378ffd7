#!/usr/bin/env node
// A local SMTP server for trying Concerto with real e-mail (SMTP_URL=smtp://127.0.0.1:2525):
// it accepts every message, keeps it as an .eml file a mail client can open, and prints one line
// per message (recipient, subject, language, and the calendar's METHOD, UID, SEQUENCE, DTSTART).
//
//   npm run smtp:catch                                   127.0.0.1:2525, files in .data/smtp-catcher
//   npm run smtp:catch -- --port 2626 --dir /tmp/mails   elsewhere
//
// index.jsonl in that folder has one JSON line per message (file, to, subject, language, method,
// uid, sequence, dtstart, links), so a script can find a recipient's latest e-mail and its links.
// DEVELOPMENT ONLY: no authentication, no TLS, loopback by default.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '2525' },
    host: { type: 'string', default: '127.0.0.1' },
    dir: { type: 'string', default: join(process.env.DATA_DIR || '.data', 'smtp-catcher') },
  },
});
const dir = resolve(opts.dir);
const indexFile = join(dir, 'index.jsonl');

// Numbering goes on after a restart, so earlier files are never overwritten.
mkdirSync(dir, { recursive: true });
let count = existsSync(indexFile) ? readFileSync(indexFile, 'utf8').split('\n').filter(Boolean).length : 0;

/** METHOD, UID, SEQUENCE and DTSTART of the first event, read with ical.js (not by our own code). */
function calendarSummary(text) {
  const root = new ICAL.Component(ICAL.parse(text));
  const event = root.getFirstSubcomponent('vevent');
  if (!event) {
    return { method: root.getFirstPropertyValue('method') ?? undefined };
  }
  const start = event.getFirstProperty('dtstart');
  const tzid = start?.getParameter('tzid');
  // Local wall-clock time as written, with its zone: what the invitee's calendar shows.
  const dtstart = start ? `${start.getFirstValue().toString()}${tzid ? ` ${tzid}` : ''}` : undefined;
  return {
    method: root.getFirstPropertyValue('method') ?? undefined,
    uid: event.getFirstPropertyValue('uid') ?? undefined,
    sequence: Number(event.getFirstPropertyValue('sequence') ?? 0),
    dtstart,
  };
}

async function store(raw, envelope) {
  const mail = await simpleParser(raw);
  count += 1;
  const file = `${String(count).padStart(4, '0')}.eml`;
  // The folder may have been deleted meanwhile (npm run reset-data): make it again.
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), raw);

  // The text/calendar alternative and the .ics attachment carry the same calendar: read the first.
  const ics = mail.attachments.find(
    (a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics' || /\.ics$/i.test(a.filename ?? ''),
  );
  let calendar = {};
  try {
    calendar = ics ? calendarSummary(ics.content.toString('utf8')) : {};
  } catch (error) {
    calendar = { calendarError: String(error?.message ?? error) };
  }
  const entry = {
    file,
    receivedAt: new Date().toISOString(),
    from: envelope.mailFrom ? envelope.mailFrom.address : undefined,
    to: envelope.rcptTo.map((r) => r.address).join(', '),
    subject: mail.subject ?? '',
    language: mail.headers.get('content-language') ?? undefined,
    ...calendar,
    // Links of the decoded text part (quoted-printable undone), in order.
    links: [...new Set((mail.text ?? '').match(/https?:\/\/[^\s<>"')\]]+/g) ?? [])],
  };
  appendFileSync(indexFile, `${JSON.stringify(entry)}\n`);

  const cal = entry.method
    ? `  ${entry.method} SEQUENCE:${entry.sequence ?? '-'} UID:${entry.uid ?? '-'} DTSTART:${entry.dtstart ?? '-'}`
    : '';
  process.stdout.write(`${file}  ${entry.to}  [${entry.language ?? '-'}]  ${entry.subject}${cal}\n`);
}

const server = new SMTPServer({
  secure: false,
  // Accept anyone without credentials, and offer no STARTTLS: nodemailer upgrades a plain
  // connection whenever the server offers it, and this server has no certificate to offer.
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  size: 20 * 1024 * 1024,
  logger: false,
  banner: 'Concerto development SMTP catcher',
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('error', callback);
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
        return;
      }
      store(Buffer.concat(chunks), session.envelope).then(
        () => callback(),
        (error) => {
          process.stderr.write(`smtp-catcher: could not store a message: ${error?.message ?? error}\n`);
          callback(Object.assign(new Error('Could not store the message'), { responseCode: 451 }));
        },
      );
    });
  },
});

// Before listening, an error (port taken) is fatal; afterwards it concerns one connection only.
server.once('error', (error) => {
  process.stderr.write(`smtp-catcher: ${error.message}\n`);
  process.exit(1);
});
server.listen(Number(opts.port), opts.host, () => {
  server.removeAllListeners('error');
  server.on('error', (error) => process.stderr.write(`smtp-catcher: ${error.message}\n`));
  process.stdout.write(
    `SMTP catcher on smtp://${opts.host}:${opts.port} (SMTP_URL=smtp://${opts.host}:${opts.port}); messages in ${dir}\n`,
  );
});

// Ctrl-C or kill: let the current message finish (at most a few seconds), then leave.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
