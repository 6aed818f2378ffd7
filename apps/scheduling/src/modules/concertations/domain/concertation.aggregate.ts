import { AggregateRoot, type BusinessRule, DomainEvent } from '#concerto/ddd';

export type ConcertationStatus = 'scheduled' | 'cancelled';
export type InvitationAnswer = 'accepted' | 'declined' | 'written-input';
export type InvitationStatus = 'pending' | 'sent' | 'delivered' | 'failed' | InvitationAnswer;

export interface MeetingLocation {
  kind: 'room' | 'video' | 'phone' | 'home';
  roomId?: string;
  label: string;
}

export interface Invitation {
  id: string;
  participantId: string;
  required: boolean;
  status: InvitationStatus;
  /** The meeting version the answer refers to: a changed meeting makes older answers stale. */
  answeredSequence?: number;
  writtenInput?: string;
  answeredAt?: string;
  /** Set when a coordinator recorded the answer for an invitee they reached by phone or letter (R15). */
  onBehalf?: OnBehalf;
}

/** How the coordinator got the answer they record for an invitee. */
export const ON_BEHALF_CHANNELS = ['phone', 'letter', 'in-person'] as const;
export type OnBehalfChannel = (typeof ON_BEHALF_CHANNELS)[number];
export interface OnBehalf {
  /** The coordinator who recorded it (directory user id). */
  recordedBy: string;
  channel: OnBehalfChannel;
}

export interface ConcertationState {
  id: string;
  caseId: string;
  status: ConcertationStatus;
  start: Date;
  end: Date;
  location: MeetingLocation;
  sequence: number;
  invitations: Invitation[];
  createdBy: string;
  version: number;
}

export class ConcertationScheduledEvent extends DomainEvent {
  readonly name = 'concertation.scheduled';
}
export class ConcertationRescheduledEvent extends DomainEvent {
  readonly name = 'concertation.rescheduled';
  constructor(
    id: string,
    at: Date,
    readonly previousStart: Date,
  ) {
    super(id, at);
  }
}
export class ConcertationCancelledEvent extends DomainEvent {
  readonly name = 'concertation.cancelled';
}
export class InvitationAnsweredEvent extends DomainEvent {
  readonly name = 'invitation.answered';
  constructor(
    id: string,
    at: Date,
    readonly invitation: Invitation,
  ) {
    super(id, at);
  }
}

/** What a concertation records; producers map each one by its `name`, without an instanceof ladder. */
export type ConcertationEvent =
  ConcertationScheduledEvent | ConcertationRescheduledEvent | ConcertationCancelledEvent | InvitationAnsweredEvent;

class MeetingMustBeActiveRule implements BusinessRule {
  readonly code = 'CONCERTATION_CANCELLED';
  readonly message = 'The concertation was cancelled.';
  constructor(private readonly status: ConcertationStatus) {}
  isBroken(): boolean {
    return this.status === 'cancelled';
  }
}

class MeetingMustEndBeforeDeadlineRule implements BusinessRule {
  readonly code = 'AFTER_DEADLINE';
  readonly message = "The meeting must end before the case's hard deadline.";
  constructor(
    private readonly end: Date,
    private readonly deadline: Date | undefined,
  ) {}
  isBroken(): boolean {
    return this.deadline !== undefined && this.end.getTime() > this.deadline.getTime();
  }
}

class MeetingMustBeInTheFutureRule implements BusinessRule {
  readonly code = 'MEETING_IN_THE_PAST';
  readonly message = 'The meeting must start in the future and end after it starts.';
  constructor(
    private readonly start: Date,
    private readonly end: Date,
    private readonly now: Date,
  ) {}
  isBroken(): boolean {
    return this.start.getTime() <= this.now.getTime() || this.end.getTime() <= this.start.getTime();
  }
}

/**
 * A multidisciplinary concertation about one case: when, where, who is invited, who answered.
 * Every change raises the sequence, which the calendar invitations and the answer links carry.
 */
export class Concertation extends AggregateRoot {
  private constructor(private state: ConcertationState) {
    super(state.id);
  }

  static schedule(
    props: {
      id: string;
      caseId: string;
      start: Date;
      end: Date;
      location: MeetingLocation;
      invitations: Array<Pick<Invitation, 'id' | 'participantId' | 'required'>>;
      createdBy: string;
      deadline?: Date;
    },
    now: Date,
  ): Concertation {
    const c = new Concertation({
      id: props.id,
      caseId: props.caseId,
      status: 'scheduled',
      start: props.start,
      end: props.end,
      location: props.location,
      sequence: 0,
      invitations: props.invitations.map((i) => ({ ...i, status: 'pending' as const })),
      createdBy: props.createdBy,
      version: 0,
    });
    c.checkRule(new MeetingMustBeInTheFutureRule(props.start, props.end, now));
    c.checkRule(new MeetingMustEndBeforeDeadlineRule(props.end, props.deadline));
    c.addEvent(new ConcertationScheduledEvent(c.id, now));
    return c;
  }

  static restore(state: ConcertationState): Concertation {
    return new Concertation(state);
  }

  /** Only this aggregate adds events to itself, all of them ConcertationEvents. */
  override pullEvents(): ConcertationEvent[] {
    return super.pullEvents() as ConcertationEvent[];
  }

  get snapshot(): Readonly<ConcertationState> {
    return this.state;
  }

  /** New time or place: the sequence goes up, every invitee is told again and must answer again. */
  reschedule(start: Date, end: Date, location: MeetingLocation, now: Date, deadline?: Date): void {
    this.checkRule(new MeetingMustBeActiveRule(this.state.status));
    this.checkRule(new MeetingMustBeInTheFutureRule(start, end, now));
    this.checkRule(new MeetingMustEndBeforeDeadlineRule(end, deadline));
    const previousStart = this.state.start;
    this.state.start = start;
    this.state.end = end;
    this.state.location = location;
    this.state.sequence += 1;
    for (const inv of this.state.invitations) {
      // Written input stays useful whatever the date; attendance answers must be given again.
      if (inv.status !== 'written-input') {
        inv.status = 'pending';
        inv.answeredSequence = undefined;
      }
    }
    this.addEvent(new ConcertationRescheduledEvent(this.id, now, previousStart));
  }

  cancel(now: Date): void {
    this.checkRule(new MeetingMustBeActiveRule(this.state.status));
    this.state.status = 'cancelled';
    this.state.sequence += 1;
    this.addEvent(new ConcertationCancelledEvent(this.id, now));
  }

  /**
   * An answer through a signed link. Returns 'stale' when the link was issued for an earlier
   * version of the meeting, so the invitee sees the new time before answering.
   */
  answer(
    invitationId: string,
    sequence: number,
    answer: InvitationAnswer,
    writtenInput: string | undefined,
    now: Date,
  ): 'recorded' | 'stale' | 'unknown' {
    this.checkRule(new MeetingMustBeActiveRule(this.state.status));
    const inv = this.state.invitations.find((i) => i.id === invitationId);
    if (!inv) {
      return 'unknown';
    }
    if (sequence !== this.state.sequence) {
      return 'stale';
    }
    this.recordAnswer(inv, answer, writtenInput, now, undefined);
    return 'recorded';
  }

  /**
   * An answer a coordinator records for an invitee who gave it by phone, by letter or in person
   * (R15): for the current version of the meeting, marked with who recorded it and how.
   */
  answerOnBehalf(
    invitationId: string,
    answer: InvitationAnswer,
    writtenInput: string | undefined,
    onBehalf: OnBehalf,
    now: Date,
  ): 'recorded' | 'unknown' {
    this.checkRule(new MeetingMustBeActiveRule(this.state.status));
    const inv = this.state.invitations.find((i) => i.id === invitationId);
    if (!inv) {
      return 'unknown';
    }
    this.recordAnswer(inv, answer, writtenInput, now, { ...onBehalf });
    return 'recorded';
  }

  private recordAnswer(
    inv: Invitation,
    answer: InvitationAnswer,
    writtenInput: string | undefined,
    now: Date,
    onBehalf: OnBehalf | undefined,
  ): void {
    inv.status = answer;
    inv.answeredSequence = this.state.sequence;
    inv.answeredAt = now.toISOString();
    inv.writtenInput = answer === 'written-input' ? writtenInput : inv.writtenInput;
    if (onBehalf) {
      inv.onBehalf = onBehalf;
    } else {
      delete inv.onBehalf;
    }
    this.addEvent(new InvitationAnsweredEvent(this.id, now, { ...inv }));
  }

  markDelivery(invitationId: string, status: 'sent' | 'delivered' | 'failed'): void {
    const inv = this.state.invitations.find((i) => i.id === invitationId);
    if (inv && (inv.status === 'pending' || inv.status === 'sent' || inv.status === 'failed')) {
      inv.status = status;
    }
  }

  unanswered(): Invitation[] {
    return this.state.invitations.filter((i) => ['pending', 'sent', 'delivered', 'failed'].includes(i.status));
  }
}
