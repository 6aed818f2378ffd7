import { DomainEvent } from '#concerto/ddd';
import type { CaseDeadlineState } from './case-deadline.js';

abstract class DeadlineEvent extends DomainEvent {
  constructor(
    readonly deadline: Readonly<CaseDeadlineState>,
    occurredAt: Date,
    readonly actorId: string,
  ) {
    super(deadline.caseId, occurredAt);
  }
}

export class DeadlineSetEvent extends DeadlineEvent {
  readonly name = 'case.deadline-set' as const;
}

export class DeadlineCorrectedEvent extends DeadlineEvent {
  readonly name = 'case.deadline-corrected' as const;
  constructor(
    deadline: Readonly<CaseDeadlineState>,
    occurredAt: Date,
    actorId: string,
    readonly previousDueAt: Date,
    readonly previousKind: string,
  ) {
    super(deadline, occurredAt, actorId);
  }
}

export class DeadlineDismissedEvent extends DeadlineEvent {
  readonly name = 'case.deadline-dismissed' as const;
}

export class DeadlinePassedEvent extends DeadlineEvent {
  readonly name = 'case.deadline-passed' as const;
}

/** Discriminated on `name`, mapped to effects per class in one place (DeadlineChanges). */
export type CaseDeadlineEvent =
  DeadlineSetEvent | DeadlineCorrectedEvent | DeadlineDismissedEvent | DeadlinePassedEvent;
