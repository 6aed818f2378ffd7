import { AggregateRoot, AppException, type BusinessRule, DomainEvent } from '#concerto/ddd';
import { addDays, type Day } from './brussels-calendar.js';

export const ATTENDANCE_MODES = ['in-person', 'video', 'phone', 'written-input', 'absent'] as const;
export type AttendanceMode = (typeof ATTENDANCE_MODES)[number];
export type ReviewKind = 'concertation' | 'check-in';

export interface Attendance {
  participantId: string;
  mode: AttendanceMode;
}

/** What a record holds: structured, short and bounded items only; no clinical free text (R13). */
export interface RecordContent {
  held: boolean;
  attendance: Attendance[];
  /** The person's own wishes, in their words, briefly. */
  wishes: string[];
  decisions: string[];
  actionItemIds: string[];
  referentParticipantId?: string;
  nextReview?: { on: Day; kind: ReviewKind };
  /** Participants whose written input reached the meeting (from their invitations). */
  writtenInputFrom: string[];
}

export interface ConcertationRecordState extends RecordContent {
  id: string;
  concertationId: string;
  caseId: string;
  version: number;
  recordedBy: string;
  recordedAt: Date;
  locksOn: Day;
}

export class ConcertationRecordedEvent extends DomainEvent {
  readonly name = 'concertation.recorded';
}
export type ConcertationRecordEvent = ConcertationRecordedEvent;

class AmendmentNeedsAReasonRule implements BusinessRule {
  readonly code = 'RECORD_LOCKED';
  readonly message = 'The record is locked: an amendment needs a reason, and makes a new version.';
  constructor(private readonly reason: string | undefined) {}
  isBroken(): boolean {
    return !this.reason;
  }
}

/** The fields a held meeting's record must have (R09, R10), named as the API names them. */
export function missingForHeld(c: Omit<RecordContent, 'held' | 'writtenInputFrom'>): string[] {
  return [
    ...(c.attendance.some((a) => a.mode !== 'absent') ? [] : ['attendance']),
    ...(c.wishes.length > 0 ? [] : ['wishes']),
    ...(c.decisions.length > 0 ? [] : ['decisions']),
    ...(c.actionItemIds.length > 0 ? [] : ['actionItems']),
    ...(c.referentParticipantId ? [] : ['referent']),
    ...(c.nextReview ? [] : ['nextReview']),
  ];
}

/**
 * The record of one concertation: held (with everything R09 asks) or not held. Editable freely
 * for N days; after that every change is an amendment with a reason, and the repository keeps each
 * previous version.
 */
export class ConcertationRecord extends AggregateRoot<string, ConcertationRecordEvent> {
  private constructor(private state: ConcertationRecordState) {
    super(state.id);
  }

  static write(
    props: Omit<ConcertationRecordState, 'version' | 'locksOn'>,
    today: Day,
    lockAfterDays: number,
  ): ConcertationRecord {
    ConcertationRecord.checkComplete(props);
    const record = new ConcertationRecord({ ...props, version: 1, locksOn: addDays(today, lockAfterDays) });
    record.addEvent(new ConcertationRecordedEvent(props.id, props.recordedAt));
    return record;
  }

  static restore(state: ConcertationRecordState): ConcertationRecord {
    return new ConcertationRecord(state);
  }

  get snapshot(): Readonly<ConcertationRecordState> {
    return this.state;
  }

  isLocked(today: Day): boolean {
    return today >= this.state.locksOn;
  }

  /** A new version of the content; once locked, only with a reason (the caller keeps the previous version). */
  amend(content: RecordContent, by: string, at: Date, today: Day, reason: string | undefined): void {
    if (this.isLocked(today)) {
      this.checkRule(new AmendmentNeedsAReasonRule(reason));
    }
    ConcertationRecord.checkComplete(content);
    this.state = { ...this.state, ...content, version: this.state.version + 1, recordedBy: by, recordedAt: at };
    this.addEvent(new ConcertationRecordedEvent(this.id, at));
  }

  private static checkComplete(c: RecordContent): void {
    if (!c.held) {
      return;
    }
    const missing = missingForHeld(c);
    if (missing.length > 0) {
      throw new AppException(
        'RECORD_INCOMPLETE',
        'invalid',
        `A meeting can be marked held only with: ${missing.join(', ')}.`,
        { missing },
      );
    }
  }
}
