import { BRUSSELS_TZ, brusselsLocal, icsLocalDateTime, icsUtcDateTime } from '#concerto/ddd';

/**
 * A small RFC 5545 / RFC 5546 (iTIP) writer for one meeting, enough for mainstream calendar
 * clients (Outlook, Google Calendar, Apple Calendar, Thunderbird) to add, update and remove it.
 * Times are written as Brussels local times with a full VTIMEZONE, so clients show the right
 * hour on both sides of the daylight-saving change.
 */

export type IcsMethod = 'REQUEST' | 'CANCEL';

export interface IcsPerson {
  name?: string;
  email: string;
}

export interface IcsAttendee extends IcsPerson {
  required: boolean;
}

export interface IcsEvent {
  method: IcsMethod;
  /** Stable for the life of the meeting: every update and the cancellation reuse it. */
  uid: string;
  /** Raised on every change; clients ignore a message whose sequence is not higher than what they have. */
  sequence: number;
  /** When this version of the calendar object was created (UTC). */
  dtstamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  organizer: IcsPerson;
  attendees: IcsAttendee[];
}

export const ICS_PRODID = '-//Concerto//Concertation invitations 1.0//EN';

/** Europe/Brussels since 1996: CET (UTC+1), CEST (UTC+2) from the last Sunday of March 02:00 to the last Sunday of October 03:00. */
export const BRUSSELS_VTIMEZONE: readonly string[] = [
  'BEGIN:VTIMEZONE',
  `TZID:${BRUSSELS_TZ}`,
  `X-LIC-LOCATION:${BRUSSELS_TZ}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** A stable UID for a meeting: the same meeting id always gives the same UID. */
export function meetingUid(meetingId: string, domain: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(meetingId) || !/^[A-Za-z0-9.-]+$/.test(domain)) {
    throw new Error('Meeting id and UID domain must be plain identifiers');
  }
  return `${meetingId}@${domain}`;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and line breaks as \n. */
export function escapeText(value: string): string {
  return value
    .replace(CONTROL_CHARS, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Parameter values (e.g. CN) are always quoted; a quoted value cannot hold a double quote or control characters. */
export function quoteParam(value: string): string {
  return `"${value
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(CONTROL_CHARS, '')
    .replace(/"/g, "'")}"`;
}

const EMAIL = /^[^\s@"<>()[\],;:\\]+@[A-Za-z0-9.-]+$/;

export function mailto(email: string): string {
  if (!EMAIL.test(email)) {
    throw new Error('Not a usable e-mail address for a calendar invitation');
  }
  return `mailto:${email}`;
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one space.
 * Counts UTF-8 bytes and never cuts inside a character.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) {
    return line;
  }
  const chunks: string[] = [];
  let current = '';
  let bytes = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > limit) {
      chunks.push(current);
      current = '';
      bytes = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    current += ch;
    bytes += size;
  }
  chunks.push(current);
  return chunks.join('\r\n ');
}

const HOUR = 3600_000;

/**
 * True when the Brussels wall-clock time of this instant happens twice (the repeated hour on the
 * last Sunday of October). RFC 5545 reads such a local time as its first occurrence, and not
 * every client agrees, so those instants are written in UTC instead.
 */
export function isAmbiguousLocalTime(instant: Date): boolean {
  const same = (a: Date, b: Date) => icsLocalDateTime(a) === icsLocalDateTime(b);
  return same(instant, new Date(instant.getTime() - HOUR)) || same(instant, new Date(instant.getTime() + HOUR));
}

function dateTimeLine(name: string, instant: Date): string {
  brusselsLocal(instant); // validates the date
  return isAmbiguousLocalTime(instant)
    ? `${name}:${icsUtcDateTime(instant)}`
    : `${name};TZID=${BRUSSELS_TZ}:${icsLocalDateTime(instant)}`;
}

function personLine(name: string, params: string[], person: IcsPerson): string {
  const cn = person.name && person.name.trim() ? [`CN=${quoteParam(person.name.trim())}`] : [];
  return [name, ...cn, ...params].join(';') + ':' + mailto(person.email);
}

/** The whole VCALENDAR object, CRLF line endings, folded, ending with CRLF. */
export function buildIcs(event: IcsEvent): string {
  if (!Number.isInteger(event.sequence) || event.sequence < 0) {
    throw new Error('SEQUENCE must be a non-negative integer');
  }
  if (event.end.getTime() <= event.start.getTime()) {
    throw new Error('The meeting must end after it starts');
  }
  if (!event.uid || /[\r\n]/.test(event.uid)) {
    throw new Error('UID is required');
  }
  const cancel = event.method === 'CANCEL';
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    `PRODID:${ICS_PRODID}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.method}`,
    ...BRUSSELS_VTIMEZONE,
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${icsUtcDateTime(event.dtstamp)}`,
    dateTimeLine('DTSTART', event.start),
    dateTimeLine('DTEND', event.end),
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.description) {
    lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  }
  if (event.location) {
    lines.push(`LOCATION:${escapeText(event.location)}`);
  }
  if (event.url) {
    const url = new URL(event.url); // throws on garbage
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error('Only http(s) meeting links are written');
    }
    lines.push(`URL:${url.href}`);
  }
  lines.push(personLine('ORGANIZER', [], event.organizer));
  for (const a of event.attendees) {
    const params = [
      'CUTYPE=INDIVIDUAL',
      `ROLE=${a.required ? 'REQ-PARTICIPANT' : 'OPT-PARTICIPANT'}`,
      'PARTSTAT=NEEDS-ACTION',
    ];
    params.push(cancel ? 'RSVP=FALSE' : 'RSVP=TRUE');
    lines.push(personLine('ATTENDEE', params, a));
  }
  lines.push(`STATUS:${cancel ? 'CANCELLED' : 'CONFIRMED'}`, 'TRANSP:OPAQUE', 'END:VEVENT', 'END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
