import { AggregateRoot, type BusinessRule, DomainEvent } from '#concerto/ddd';

/**
 * What a participant may see. Concerto keeps coordination facts only, so there is no clinical
 * category to grant: the person decides who sees their contact details, the case status, the
 * alert reasons, the care team and the meeting details.
 */
export const DATA_CATEGORIES = [
  'contact-details',
  'case-status',
  'alert-reasons',
  'care-team',
  'meeting-details',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export type ConsentStatus = 'not-recorded' | 'granted' | 'refused' | 'revoked' | 'emergency-exception';
export type ConsentGiver = 'person' | 'legal-representative';

export interface ParticipantScope {
  participantId: string;
  dataCategories: DataCategory[];
}

export interface ConsentState {
  caseId: string;
  status: ConsentStatus;
  givenBy?: ConsentGiver;
  concertationAllowed: boolean;
  scopes: ParticipantScope[];
  emergencyReason?: string;
  recordedBy?: string;
  recordedAt?: Date;
  version: number;
}

/** One version of a case's consent, as it was recorded: what, by whom (the coordinator), on whose behalf, when. */
export interface ConsentChange {
  version: number;
  status: Exclude<ConsentStatus, 'not-recorded'>;
  givenBy?: ConsentGiver;
  scopes: ParticipantScope[];
  emergencyReason?: string;
  recordedBy: string;
  recordedAt: Date;
}

export class ConsentChangedEvent extends DomainEvent {
  readonly name = 'consent.changed';
  constructor(
    caseId: string,
    occurredAt: Date,
    readonly status: ConsentStatus,
    readonly recordedBy: string,
  ) {
    super(caseId, occurredAt);
  }
}

class EmergencyNeedsReasonRule implements BusinessRule {
  readonly code = 'EMERGENCY_REASON_REQUIRED';
  readonly message = 'An emergency exception needs a reason of at least 10 characters.';
  constructor(private readonly reason: string | undefined) {}
  isBroken(): boolean {
    return !this.reason || this.reason.trim().length < 10;
  }
}

/**
 * The person's (or legal representative's) consent to a concertation and to who sees what.
 * Without it the case stays restricted (reporter and coordinator only) and no invitation
 * leaves, except under a documented, flagged emergency exception. A refusal is a state of
 * the consent, never an attribute of the person: nothing ranks, filters or closes on it.
 */
export class Consent extends AggregateRoot {
  private constructor(private state: ConsentState) {
    super(state.caseId);
  }

  static notRecorded(caseId: string): Consent {
    return new Consent({ caseId, status: 'not-recorded', concertationAllowed: false, scopes: [], version: 0 });
  }

  static restore(state: ConsentState): Consent {
    return new Consent(state);
  }

  get snapshot(): Readonly<ConsentState> {
    return this.state;
  }

  grant(givenBy: ConsentGiver, scopes: ParticipantScope[], recordedBy: string, now: Date): void {
    this.state = {
      ...this.state,
      status: 'granted',
      givenBy,
      concertationAllowed: true,
      scopes,
      emergencyReason: undefined,
      recordedBy,
      recordedAt: now,
    };
    this.addEvent(new ConsentChangedEvent(this.id, now, 'granted', recordedBy));
  }

  refuse(givenBy: ConsentGiver, recordedBy: string, now: Date): void {
    this.state = {
      ...this.state,
      status: 'refused',
      givenBy,
      concertationAllowed: false,
      scopes: [],
      emergencyReason: undefined,
      recordedBy,
      recordedAt: now,
    };
    this.addEvent(new ConsentChangedEvent(this.id, now, 'refused', recordedBy));
  }

  /** Withdrawn by the person or their legal representative (`givenBy`, when said; else whoever gave it). */
  revoke(recordedBy: string, now: Date, givenBy?: ConsentGiver): void {
    this.state = {
      ...this.state,
      status: 'revoked',
      ...(givenBy ? { givenBy } : {}),
      concertationAllowed: false,
      scopes: [],
      recordedBy,
      recordedAt: now,
    };
    this.addEvent(new ConsentChangedEvent(this.id, now, 'revoked', recordedBy));
  }

  /** Life or safety at stake and consent cannot be obtained in time: allowed, with a reason, and flagged. */
  invokeEmergencyException(reason: string | undefined, participantIds: string[], recordedBy: string, now: Date): void {
    this.checkRule(new EmergencyNeedsReasonRule(reason));
    this.state = {
      ...this.state,
      status: 'emergency-exception',
      concertationAllowed: true,
      scopes: participantIds.map((participantId) => ({
        participantId,
        dataCategories: ['case-status', 'meeting-details'],
      })),
      emergencyReason: reason!.trim(),
      recordedBy,
      recordedAt: now,
    };
    this.addEvent(new ConsentChangedEvent(this.id, now, 'emergency-exception', recordedBy));
  }

  get allowsConcertation(): boolean {
    return this.state.concertationAllowed;
  }

  get isFlagged(): boolean {
    return this.state.status === 'emergency-exception';
  }

  /** The person is always informed of their own concertation; others only when the consent names them. */
  mayInvite(participantId: string, isThePerson: boolean): boolean {
    return this.allowsConcertation && (isThePerson || this.state.scopes.some((s) => s.participantId === participantId));
  }

  /** The participants (other than the person) the consent covers: ids only, what the notifications service needs to stop messages. */
  get coveredParticipantIds(): string[] {
    return this.allowsConcertation ? this.state.scopes.map((s) => s.participantId) : [];
  }

  mayShare(participantId: string, category: DataCategory): boolean {
    return this.state.scopes.some((s) => s.participantId === participantId && s.dataCategories.includes(category));
  }
}
