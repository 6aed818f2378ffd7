import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import type { CalendarReply } from '../../application/commands/record-calendar-reply/record-calendar-reply.command.js';

type Component = InstanceType<typeof ICAL.Component>;

/** Bounds on what one REPLY may hold: a real one has one event and one attendee. */
const MAX_CALENDAR_PARTS = 4;
const MAX_EVENTS = 4;
const MAX_ATTENDEES = 8;

/**
 * The iTIP REPLY answers (RFC 5546 §3.2.3) of one received e-mail, whatever the calendar app:
 * the `text/calendar; method=REPLY` part of a multipart/alternative (Outlook, Gmail, Apple), an
 * `.ics` attachment (Thunderbird also attaches one), any transfer encoding (base64, quoted-printable),
 * any line folding. Only `METHOD:REPLY` objects count: a forwarded REQUEST answers nothing.
 * Never throws on bad input: an unreadable part gives no answer.
 */
export async function readCalendarReplies(raw: Buffer): Promise<CalendarReply[]> {
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  const parts = mail.attachments
    .filter(
      (a) =>
        a.contentType === 'text/calendar' ||
        a.contentType === 'application/ics' ||
        (a.filename ?? '').toLowerCase().endsWith('.ics'),
    )
    .slice(0, MAX_CALENDAR_PARTS);
  const replies: CalendarReply[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    for (const reply of repliesOf(part.content.toString('utf8'))) {
      // the same REPLY often comes twice in one mail (inline part and attachment)
      const key = JSON.stringify(reply);
      if (!seen.has(key)) {
        seen.add(key);
        replies.push(reply);
      }
    }
  }
  return replies;
}

/** The answers of one iCalendar text, if it is a REPLY. */
export function repliesOf(text: string): CalendarReply[] {
  let root: Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch {
    return [];
  }
  if (root.name !== 'vcalendar' || String(root.getFirstPropertyValue('method') ?? '').toUpperCase() !== 'REPLY') {
    return [];
  }
  const out: CalendarReply[] = [];
  for (const event of root.getAllSubcomponents('vevent').slice(0, MAX_EVENTS)) {
    const uid = String(event.getFirstPropertyValue('uid') ?? '').trim();
    const sequenceValue = event.getFirstPropertyValue('sequence');
    const sequence = sequenceValue === null || sequenceValue === undefined ? 0 : Number(sequenceValue);
    if (!uid || !Number.isInteger(sequence) || sequence < 0) {
      continue;
    }
    for (const attendee of event.getAllProperties('attendee').slice(0, MAX_ATTENDEES)) {
      const address = String(attendee.getFirstValue() ?? '')
        .trim()
        .replace(/^mailto:/i, '');
      const partstat = String(attendee.getParameter('partstat') ?? 'NEEDS-ACTION').toUpperCase();
      if (address.includes('@')) {
        out.push({ uid, sequence, attendee: address, partstat });
      }
    }
  }
  return out;
}
