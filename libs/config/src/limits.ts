/**
 * The one table of limits (issue 14, defect 7). Every edge that enforces a size reads it from here:
 * the services' body parsers and DTO validators, the gateway's per-route body cap, the care team's
 * maximum size. docs/limits.md is generated from `limitRows()` and a test keeps it equal, so the
 * documented limits are the enforced ones.
 *
 * Limits are fixed, not configuration: two deployments with different limits would accept
 * different requests for the same API description.
 */
const KIB = 1024;

export const LIMITS = {
  body: {
    /** Every JSON body (default). 250 maximal busy blocks (≈ 25 KB) fit in it. */
    jsonBytes: 32 * KIB,
    /** `PUT /v1/calendars/{ownerId}/busy.ics` (text/calendar). */
    calendarBytes: 512 * KIB,
    /** Providers' delivery reports (application/x-www-form-urlencoded). */
    formBytes: 16 * KIB,
    /** Deepest JSON nesting, checked before any recursive walk (400 `too-deep`). */
    jsonDepth: 32,
  },
  lists: {
    /** `PUT /v1/calendars/{ownerId}/busy` blocks: larger calendars come as .ics. */
    busyBlocks: 250,
    /** Time ranges per weekday in weekly hours. */
    weeklyHoursRangesPerDay: 12,
    /** Proposed dates of a poll, and answers to it. */
    pollOptions: 20,
    /** Participant scopes in one consent decision (at most one per team member). */
    consentScopes: 50,
    /** Cases in one page of the worklist (`GET /v1/cases?limit=`); the default page is 50. */
    worklistPage: 100,
    /** Signals named in one acknowledgement (`POST /v1/cases/{caseId}/acknowledge` `signalIds`). */
    signalsPerAcknowledgement: 100,
  },
  text: {
    /** Alert reason (coordination facts only). */
    alertReasonChars: 280,
    /** Written input through an answer link. */
    writtenInputChars: 2000,
    /** Reason of an emergency exception to consent. */
    emergencyReasonChars: 500,
    /** An RFC 3339 date-time, nanoseconds and offset included. */
    dateTimeChars: 40,
  },
  careTeam: {
    /** Participants of one case, the person included (409 `CARE_TEAM_FULL` beyond). */
    maxParticipants: 50,
  },
  slotSearch: {
    /** Calendars in one slot search; a search covers one care team, so it is at least `careTeam.maxParticipants`. */
    maxParticipants: 100,
    /** Days a slot search looks ahead of its earliest start. */
    maxHorizonDays: 30,
  },
  calendarImport: {
    /** Busy time is stored from the import to this many days ahead (recurrences are expanded over it). */
    horizonDays: 400,
    /** Events (VEVENT) in one file. */
    maxEvents: 5_000,
    /** Busy periods inside the window before merging (at most what a slot search takes per calendar). */
    maxPeriods: 5_000,
  },
} as const;

/** The media types with a body parser, and the limit of each (anything else is JSON or refused). */
export type BodyKind = 'json' | 'calendar' | 'form';

/** The kind of body a Content-Type announces, as the services' body parsers match it. */
export function bodyKindOf(contentType: string | undefined): BodyKind {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (media === 'text/calendar') {
    return 'calendar';
  }
  if (media === 'application/x-www-form-urlencoded') {
    return 'form';
  }
  return 'json';
}

/** The largest body (bytes) accepted with this Content-Type, on the engine, the services and the gateway alike. */
export function bodyLimitFor(contentType: string | undefined): number {
  const kind = bodyKindOf(contentType);
  return kind === 'calendar'
    ? LIMITS.body.calendarBytes
    : kind === 'form'
      ? LIMITS.body.formBytes
      : LIMITS.body.jsonBytes;
}

export interface LimitRow {
  limit: string;
  value: string;
  where: string;
  beyond: string;
}

const bytes = (n: number) => (n % KIB === 0 ? `${n / KIB} KiB` : `${n} bytes`);

/** The table as documented in docs/limits.md (rendered by `renderLimitsMarkdown`). */
export function limitRows(): LimitRow[] {
  const L = LIMITS;
  return [
    {
      limit: 'JSON body',
      value: bytes(L.body.jsonBytes),
      where: 'every JSON route (engine, services, gateway)',
      beyond: '413 `payload-too-large`',
    },
    {
      limit: 'Calendar file (text/calendar)',
      value: bytes(L.body.calendarBytes),
      where: '`PUT /v1/calendars/{ownerId}/busy.ics` (engine, scheduling, gateway)',
      beyond: '413 `payload-too-large`',
    },
    {
      limit: 'Form body',
      value: bytes(L.body.formBytes),
      where: '`POST /v1/delivery-reports/{provider}` (engine, notifications, gateway)',
      beyond: '413 `payload-too-large`',
    },
    {
      limit: 'JSON nesting depth',
      value: String(L.body.jsonDepth),
      where: 'every JSON body, before any recursive walk',
      beyond: '400 `too-deep`',
    },
    {
      limit: 'Busy blocks',
      value: String(L.lists.busyBlocks),
      where: '`PUT /v1/calendars/{ownerId}/busy` `blocks` (the maximal list fits in the JSON body)',
      beyond: '400 naming `blocks`',
    },
    {
      limit: 'Time ranges per weekday',
      value: String(L.lists.weeklyHoursRangesPerDay),
      where: '`PUT /v1/calendars/{ownerId}/weekly-hours` `mon`…`sun`',
      beyond: '400 naming the day',
    },
    {
      limit: 'Poll options',
      value: String(L.lists.pollOptions),
      where: 'poll `options`, and `answers` on the poll answer link',
      beyond: '400 naming the field',
    },
    {
      limit: 'Consent scopes',
      value: String(L.lists.consentScopes),
      where: 'consent decision `scopes`',
      beyond: '400 naming `scopes`',
    },
    {
      limit: 'Worklist page',
      value: String(L.lists.worklistPage),
      where: '`GET /v1/cases` `limit` (cursor pagination)',
      beyond: '400 naming `limit`',
    },
    {
      limit: 'Signals per acknowledgement',
      value: String(L.lists.signalsPerAcknowledgement),
      where: '`POST /v1/cases/{caseId}/acknowledge` `signalIds`',
      beyond: '400 naming `signalIds`',
    },
    {
      limit: 'Care team size',
      value: String(L.careTeam.maxParticipants),
      where: 'participants of one case, the person included (`POST /v1/cases/{id}/participants`)',
      beyond: '409 `CARE_TEAM_FULL`',
    },
    {
      limit: 'Alert reason',
      value: `${L.text.alertReasonChars} characters`,
      where: '`POST /v1/alerts` `reason`',
      beyond: '400 naming `reason`',
    },
    {
      limit: 'Written input',
      value: `${L.text.writtenInputChars} characters`,
      where: 'answer link `writtenInput`',
      beyond: '400 naming `writtenInput`',
    },
    {
      limit: 'Emergency reason',
      value: `${L.text.emergencyReasonChars} characters`,
      where: 'consent decision `emergencyReason`',
      beyond: '400 naming `emergencyReason`',
    },
    {
      limit: 'Date-time',
      value: `${L.text.dateTimeChars} characters`,
      where: 'every `format: date-time` field',
      beyond: '400 naming the field',
    },
    {
      limit: 'Slot search calendars',
      value: String(L.slotSearch.maxParticipants),
      where: 'one slot search (one care team: at most its size)',
      beyond: '422',
    },
    {
      limit: 'Slot search horizon',
      value: `${L.slotSearch.maxHorizonDays} days`,
      where: '`horizonDays` of a slot search',
      beyond: '400 naming `horizonDays`',
    },
    {
      limit: 'Calendar import window',
      value: `${L.calendarImport.horizonDays} days`,
      where: 'busy time kept from a .ics import (recurrences expanded over it only)',
      beyond: 'later busy time is not stored',
    },
    {
      limit: 'Events per calendar file',
      value: String(L.calendarImport.maxEvents),
      where: '`busy.ics` VEVENTs',
      beyond: '422 `ICAL_TOO_COMPLEX`',
    },
    {
      limit: 'Busy periods per calendar file',
      value: String(L.calendarImport.maxPeriods),
      where: '`busy.ics`, inside the import window, before merging',
      beyond: '422 `ICAL_TOO_COMPLEX`',
    },
  ];
}

/** docs/limits.md, generated: `npm test -- libs/config` fails when the file and the table differ. */
export function renderLimitsMarkdown(): string {
  const rows = limitRows();
  const header = ['Limit', 'Value', 'Where', 'Beyond it'];
  const cells = rows.map((r) => [r.limit, r.value, r.where, r.beyond]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [
    '# Limits',
    '',
    'One table of limits applies the same everywhere: the embedded engine, each service of the distributed',
    "mode and the gateway (whose per-route body cap is the services' own). It is generated from",
    '`libs/config/src/limits.ts` (`LIMITS`); `libs/config/src/limits.spec.ts` fails when this file differs.',
    'Regenerate it with `UPDATE_LIMITS_DOC=1 npm test -- libs/config/src/limits.spec.ts`.',
    '',
    'Every answer beyond a limit is `application/problem+json`. Rate limits (per-user writes, alert intake,',
    'answer links) are configuration: see the configuration table of the README.',
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
    '',
  ].join('\n');
}
