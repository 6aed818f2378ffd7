import { Command } from '@nestjs/cqrs';

/** The participation status a calendar app puts in its iTIP REPLY (RFC 5546 §3.2.3): ACCEPTED, DECLINED, TENTATIVE, DELEGATED… upper case. */
export type CalendarPartstat = string;

/** What the inbound listener read from one iTIP REPLY (one VEVENT, one ATTENDEE). */
export interface CalendarReply {
  uid: string;
  /** SEQUENCE of the replied version (0 when absent, RFC 5545 §3.8.7.4). */
  sequence: number;
  /** The ATTENDEE's calendar address without `mailto:`. */
  attendee: string;
  partstat: CalendarPartstat;
}

/**
 * Why a reply changed nothing. `recorded` and `duplicate` are the same to the sender (the answer
 * is held); the others are ignored safely and logged without personal data.
 */
export type CalendarReplyOutcome =
  | 'recorded'
  | 'duplicate'
  | 'unknown-address'
  | 'other-meeting'
  | 'meeting-over'
  | 'cancelled'
  | 'stale'
  | 'attendee-mismatch'
  | 'not-covered'
  | 'not-an-answer';

/** A calendar app's Accept/Decline arrived at an invitation's reply address (ADR 0023). */
export class RecordCalendarReplyCommand extends Command<{ outcome: CalendarReplyOutcome }> {
  constructor(
    /** The SMTP envelope recipient: `reply+<id>@<domain>`. */
    readonly replyAddress: string,
    readonly reply: CalendarReply,
  ) {
    super();
  }
}
