import { AggregateRoot, type BusinessRule } from '#concerto/ddd';
import type { DeadlineKind, DeadlineState } from '#concerto/contracts';
import {
  type CaseDeadlineEvent,
  DeadlineCorrectedEvent,
  DeadlineDismissedEvent,
  DeadlinePassedEvent,
  DeadlineSetEvent,
} from './case-deadline.events.js';

export interface CaseDeadlineState {
  id: string;
  caseId: string;
  kind: DeadlineKind;
  dueAt: Date;
  /** Who brought the date: an alert (its id) or a user acting on the case. */
  source: { kind: 'alert' | 'user'; alertId?: string; actorId: string };
  state: DeadlineState;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

class DeadlineMustBeOpenRule implements BusinessRule {
  readonly code = 'DEADLINE_CLOSED';
  readonly message = 'This deadline was dismissed; set a new one instead.';
  constructor(private readonly state: DeadlineState) {}
  isBroken(): boolean {
    return this.state === 'dismissed';
  }
}

/**
 * One dated item of a case (a discharge, a release, a hearing...). A case holds any number of
 * them; the earliest future active one steers the search for a meeting, and a passed one only
 * tells the owner: it never blocks anything. Validation of the date's range and of who may set
 * which kind happens where the clock and the directory are known (the use cases).
 */
export class CaseDeadline extends AggregateRoot<string, CaseDeadlineEvent> {
  private constructor(private state: CaseDeadlineState) {
    super(state.id);
  }

  static set(
    props: { id: string; caseId: string; kind: DeadlineKind; dueAt: Date; source: CaseDeadlineState['source'] },
    now: Date,
  ): CaseDeadline {
    const d = new CaseDeadline({ ...props, state: 'active', createdAt: now, updatedAt: now, version: 0 });
    d.addEvent(new DeadlineSetEvent({ ...d.state }, now, props.source.actorId));
    return d;
  }

  static restore(state: CaseDeadlineState): CaseDeadline {
    return new CaseDeadline(state);
  }

  get snapshot(): Readonly<CaseDeadlineState> {
    return this.state;
  }

  /**
   * A coordinator puts the right date (a passed deadline can be corrected too: the hospital moved
   * the discharge). The deadline is active again from its new date; the old one stays in the event.
   * Returns false when nothing changes.
   */
  correct(dueAt: Date, kind: DeadlineKind | undefined, actorId: string, now: Date): boolean {
    this.checkRule(new DeadlineMustBeOpenRule(this.state.state));
    const newKind = kind ?? this.state.kind;
    if (dueAt.getTime() === this.state.dueAt.getTime() && newKind === this.state.kind) {
      return false;
    }
    const previousDueAt = this.state.dueAt;
    const previousKind = this.state.kind;
    this.state.dueAt = dueAt;
    this.state.kind = newKind;
    this.state.state = 'corrected';
    this.state.updatedAt = now;
    this.addEvent(new DeadlineCorrectedEvent({ ...this.state }, now, actorId, previousDueAt, previousKind));
    return true;
  }

  /** It no longer applies (the hearing was cancelled). Dismissing twice changes nothing. */
  dismiss(actorId: string, now: Date): boolean {
    if (this.state.state === 'dismissed') {
      return false;
    }
    this.state.state = 'dismissed';
    this.state.updatedAt = now;
    this.addEvent(new DeadlineDismissedEvent({ ...this.state }, now, actorId));
    return true;
  }

  /** Its date came. A stale timer (the date was corrected later, or dismissed) changes nothing. */
  pass(now: Date, actorId: string): boolean {
    if (!this.steers || now.getTime() < this.state.dueAt.getTime()) {
      return false;
    }
    this.state.state = 'passed';
    this.state.updatedAt = now;
    this.addEvent(new DeadlinePassedEvent({ ...this.state }, now, actorId));
    return true;
  }

  /** Active or corrected: it still counts (until its date). */
  get steers(): boolean {
    return this.state.state === 'active' || this.state.state === 'corrected';
  }
}

/** The deadline that steers a meeting search now: the earliest future one that still counts. */
export function steeringDeadline(deadlines: readonly CaseDeadline[], now: Date): CaseDeadline | undefined {
  return deadlines
    .filter((d) => d.steers && d.snapshot.dueAt.getTime() > now.getTime())
    .sort((a, b) => a.snapshot.dueAt.getTime() - b.snapshot.dueAt.getTime())[0];
}
