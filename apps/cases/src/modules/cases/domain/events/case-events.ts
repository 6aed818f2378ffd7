import { DomainEvent } from '#concerto/ddd';
import type { BassinId } from '#concerto/contracts';
import type { AttachedAlert, CaseSignal, CloseOutcome, ReferenceBassin } from '../case.types.js';

export class CaseOpenedEvent extends DomainEvent {
  readonly name = 'case.opened' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly openedByAlertId: string,
    readonly ownerId: string,
    /** The opening alert, as the first signal the owner must acknowledge. */
    readonly signal: Readonly<CaseSignal>,
    readonly previousCaseId?: string,
  ) {
    super(aggregateId, occurredAt);
  }
}

/** A further alert joined the open case: a new signal that its owner must acknowledge. */
export class AlertAttachedEvent extends DomainEvent {
  readonly name = 'alert.attached' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly alert: AttachedAlert,
    readonly urgencyRaised: boolean,
    /** The case's new hard deadline, when this alert set it or brought it forward. */
    readonly deadline: Date | undefined,
    readonly signal: Readonly<CaseSignal>,
  ) {
    super(aggregateId, occurredAt);
  }
}

export class CaseAcknowledgedEvent extends DomainEvent {
  readonly name = 'case.acknowledged' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly acknowledgedBy: string,
    readonly escalationLevel: number,
    /** The signals this acknowledgement covers. */
    readonly signalIds: readonly string[],
  ) {
    super(aggregateId, occurredAt);
  }
}

export class CaseEscalatedEvent extends DomainEvent {
  readonly name = 'case.escalated' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly level: 1 | 2,
    readonly escalatedTo: string,
    readonly previousOwnerId: string,
    readonly acknowledgeBy: Date | undefined,
    /** The signal whose window ran out. */
    readonly overdueSignalId: string,
    /** Every signal still unacknowledged, now owned by `escalatedTo`. */
    readonly pendingSignalIds: readonly string[],
  ) {
    super(aggregateId, occurredAt);
  }
}

/** A coordinator closed the case (only ever by hand: R25). Its pending signals no longer escalate. */
export class CaseClosedEvent extends DomainEvent {
  readonly name = 'case.closed' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly closedBy: string,
    readonly outcome: CloseOutcome,
    /** Short, single-line, no clinical content: kept in the timeline only, never in an event. */
    readonly reason: string,
    readonly reporterIds: readonly string[],
    /** Why it closes with action items still open (issue 17): timeline only, like the reason. */
    readonly openItemsOverride?: string,
  ) {
    super(aggregateId, occurredAt);
  }
}

/** A coordinator reopened a closed case; its pending signals (if any) run again for the owner. */
export class CaseReopenedEvent extends DomainEvent {
  readonly name = 'case.reopened' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly reopenedBy: string,
    readonly reason: string,
  ) {
    super(aggregateId, occurredAt);
  }
}

/** The case moved to another bassin with its whole history; the new owner must acknowledge it. */
export class CaseTransferredEvent extends DomainEvent {
  readonly name = 'case.transferred' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly transferredBy: string,
    readonly fromBassin: BassinId,
    readonly toBassin: BassinId,
    readonly previousOwnerId: string,
    readonly ownerId: string,
    readonly reason: string,
    /** The handover the new owner must acknowledge (a signal of origin `transfer`). */
    readonly signal: Readonly<CaseSignal>,
    /** What the reference bassin became: the new bassin, unless it was `inter-bassin`. */
    readonly referenceBassin: ReferenceBassin,
  ) {
    super(aggregateId, occurredAt);
  }
}

/** A coordinator confirmed the case's bassin (routed by a fallback), or set its reference bassin. */
export class CaseBassinConfirmedEvent extends DomainEvent {
  readonly name = 'case.bassin-confirmed' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly confirmedBy: string,
    readonly bassinId: BassinId,
    readonly referenceBassin: ReferenceBassin,
    readonly previousReferenceBassin: ReferenceBassin,
  ) {
    super(aggregateId, occurredAt);
  }
}

/**
 * A merge (or a split) took this case's pending signals to another case: they no longer escalate
 * or page here; the receiving case's owner must acknowledge them.
 */
export class SignalsMovedOutEvent extends DomainEvent {
  readonly name = 'case.signals-moved-out' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly toCaseId: string,
    readonly cause: 'merge' | 'split',
    readonly signalIds: readonly string[],
  ) {
    super(aggregateId, occurredAt);
  }
}

/**
 * Signals came from another case (merged into this one, or restored by a split): those still
 * pending run here, with their own due times, at this case's place in its chain.
 */
export class SignalsMovedInEvent extends DomainEvent {
  readonly name = 'case.signals-moved-in' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly fromCaseId: string,
    readonly cause: 'merge' | 'split',
    readonly signals: readonly Readonly<CaseSignal>[],
    readonly urgencyRaised: boolean,
  ) {
    super(aggregateId, occurredAt);
  }
}

/** Discriminated on `name`: whoever maps them to effects does so per event class, with no instanceof. */
export type CaseEvent =
  | CaseOpenedEvent
  | AlertAttachedEvent
  | CaseAcknowledgedEvent
  | CaseEscalatedEvent
  | CaseClosedEvent
  | CaseReopenedEvent
  | CaseTransferredEvent
  | CaseBassinConfirmedEvent
  | SignalsMovedOutEvent
  | SignalsMovedInEvent;
