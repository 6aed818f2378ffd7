import ICAL from 'ical.js';

export interface ReadCalendarPerson {
  email: string;
  cn?: string;
  role?: string;
  partstat?: string;
  rsvp?: string;
}

export interface ReadCalendarEvent {
  uid: string;
  sequence: number;
  status?: string;
  summary?: string;
  description?: string;
  location?: string;
  url?: string;
  dtstamp: Date;
  /** The instant, resolved with the calendar's own VTIMEZONE. */
  start: Date;
  end: Date;
  /** Wall-clock time as written, e.g. "2026-10-27T10:00:00". */
  startLocal: string;
  endLocal: string;
  startTzid?: string;
  endTzid?: string;
  organizer?: ReadCalendarPerson;
  attendees: ReadCalendarPerson[];
}

export interface ReadCalendar {
  method?: string;
  prodid?: string;
  version?: string;
  timezones: string[];
  events: ReadCalendarEvent[];
}

function person(prop: InstanceType<typeof ICAL.Property> | null): ReadCalendarPerson | undefined {
  if (!prop) {
    return undefined;
  }
  const value = String(prop.getFirstValue());
  const param = (name: string): string | undefined => {
    const v = prop.getParameter(name);
    return v === undefined || v === null ? undefined : String(v);
  };
  return {
    email: value.replace(/^mailto:/i, ''),
    cn: param('cn'),
    role: param('role'),
    partstat: param('partstat'),
    rsvp: param('rsvp'),
  };
}

const text = (c: InstanceType<typeof ICAL.Component>, name: string): string | undefined => {
  const v = c.getFirstPropertyValue(name);
  return v === null || v === undefined ? undefined : String(v);
};

/**
 * Parses iCalendar text with Mozilla's ical.js, an implementation independent of ours, and
 * resolves local times with the VTIMEZONE the calendar itself carries (not a zone database).
 */
export function readCalendar(ics: string): ReadCalendar {
  const root = new ICAL.Component(ICAL.parse(ics));
  if (root.name !== 'vcalendar') {
    throw new Error(`Expected a VCALENDAR, got ${root.name}`);
  }
  const zones = new Map<string, InstanceType<typeof ICAL.Timezone>>();
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tz = new ICAL.Timezone(vtz);
    zones.set(tz.tzid, tz);
  }
  const instant = (
    c: InstanceType<typeof ICAL.Component>,
    name: string,
  ): { at: Date; local: string; tzid?: string } => {
    const prop = c.getFirstProperty(name);
    if (!prop) {
      throw new Error(`Missing ${name.toUpperCase()}`);
    }
    const t = prop.getFirstValue() as InstanceType<typeof ICAL.Time>;
    const tzidParam = prop.getParameter('tzid');
    const tzid = tzidParam === undefined || tzidParam === null ? undefined : String(tzidParam);
    const local = `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}T${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}:${String(t.second).padStart(2, '0')}`;
    let at: Date;
    if (tzid) {
      const zone = zones.get(tzid);
      if (!zone) {
        throw new Error(`No VTIMEZONE for ${tzid}`);
      }
      const offsetSeconds = zone.utcOffset(t);
      const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
      at = new Date(wall - offsetSeconds * 1000);
    } else if (t.zone === ICAL.Timezone.utcTimezone) {
      at = new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));
    } else {
      throw new Error(`${name.toUpperCase()} is a floating time`);
    }
    return { at, local, tzid };
  };

  const events = root.getAllSubcomponents('vevent').map((ve): ReadCalendarEvent => {
    const start = instant(ve, 'dtstart');
    const end = instant(ve, 'dtend');
    const seq = ve.getFirstPropertyValue('sequence');
    return {
      uid: text(ve, 'uid') ?? '',
      sequence: seq === null || seq === undefined ? 0 : Number(seq),
      status: text(ve, 'status'),
      summary: text(ve, 'summary'),
      description: text(ve, 'description'),
      location: text(ve, 'location'),
      url: text(ve, 'url'),
      dtstamp: instant(ve, 'dtstamp').at,
      start: start.at,
      end: end.at,
      startLocal: start.local,
      endLocal: end.local,
      startTzid: start.tzid,
      endTzid: end.tzid,
      organizer: person(ve.getFirstProperty('organizer')),
      attendees: ve.getAllProperties('attendee').map((p) => person(p) as ReadCalendarPerson),
    };
  });
  return {
    method: text(root, 'method'),
    prodid: text(root, 'prodid'),
    version: text(root, 'version'),
    timezones: [...zones.keys()],
    events,
  };
}
