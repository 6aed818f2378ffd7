import { AggregateRoot, type BusinessRule, DomainEvent } from '#concerto/ddd';
import { addDays, addWorkingDays, brusselsInstant, type Day, type HolidayOptions } from './brussels-calendar.js';

export type ActionItemKind = 'task' | 'referral' | 'deadline' | 'contact-person';
export type BlockerReason =
  'service-saturated' | 'refused-by-service' | 'no-place-or-bed' | 'administrative-delay' | 'no-transport' | 'language';
export type ActionItemStatus = 'open' | 'blocked' | 'awaiting-confirmation' | 'done' | 'received' | 'withdrawn';
export type Resolution = 'done' | 'received' | 'withdrawn';

/** Exactly one of the two. */
export type ItemOwner =
  { participantId: string; organisationId?: undefined } | { organisationId: string; participantId?: undefined };

/** Where an open item stands in its follow-up: the next timer is the one of this step. */
export type FollowUpStep = 'before-due' | 'due' | 'escalate' | 'escalated';

export interface ActionItemState {
  id: string;
  caseId: string;
  recordId?: string;
  deadlineId?: string;
  kind: ActionItemKind;
  /** Short and bounded, no clinical content (R13). */
  title: string;
  owner: ItemOwner;
  dueOn: Day;
  status: ActionItemStatus;
  blockedReason?: BlockerReason;
  step: FollowUpStep;
  /** The missed deadline's follow-up task, once raised (R30). */
  followUpItemId?: string;
  openedBy: string;
  openedAt: Date;
  resolvedBy?: string;
  resolvedAt?: Date;
  version: number;
}

export interface FollowUpPolicy {
  reminderDaysBefore: number;
  graceWorkingDays: number;
  /** Local hour (Brussels) at which reminders go out. */
  hour: number;
  holidays: HolidayOptions;
}

export class ActionItemOpenedEvent extends DomainEvent {
  readonly name = 'action.opened';
}
export class ActionItemBlockedEvent extends DomainEvent {
  readonly name = 'action.blocked';
  constructor(
    id: string,
    at: Date,
    readonly by: string,
  ) {
    super(id, at);
  }
}
export class ActionItemHandedOverEvent extends DomainEvent {
  readonly name = 'action.handed-over';
  constructor(
    id: string,
    at: Date,
    readonly from: ItemOwner,
    readonly by: string,
  ) {
    super(id, at);
  }
}
export class ActionItemResolvedEvent extends DomainEvent {
  readonly name = 'action.resolved';
}
export class ActionItemReminderDueEvent extends DomainEvent {
  readonly name = 'action.reminder-due';
  constructor(
    id: string,
    at: Date,
    readonly step: 'before-due' | 'due',
  ) {
    super(id, at);
  }
}
export class ActionItemEscalatedEvent extends DomainEvent {
  readonly name = 'action.escalated';
}
export type ActionItemEvent =
  | ActionItemOpenedEvent
  | ActionItemBlockedEvent
  | ActionItemHandedOverEvent
  | ActionItemResolvedEvent
  | ActionItemReminderDueEvent
  | ActionItemEscalatedEvent;

class ItemMustBeActiveRule implements BusinessRule {
  readonly code = 'ACTION_ITEM_CLOSED';
  readonly message = 'This action item is already over.';
  constructor(private readonly status: ActionItemStatus) {}
  isBroken(): boolean {
    return !isActive(this.status);
  }
}

class ReferralClosesOnConfirmationRule implements BusinessRule {
  readonly code = 'REFERRAL_NEEDS_CONFIRMATION';
  readonly message = 'A referral waits for the referent to confirm the person was received (warm handover).';
  constructor(private readonly kind: ActionItemKind) {}
  isBroken(): boolean {
    return this.kind === 'referral';
  }
}

class OnlyReferralsAwaitConfirmationRule implements BusinessRule {
  readonly code = 'NOT_AWAITING_CONFIRMATION';
  readonly message = 'Only a referral its owner reported done waits for the referent to confirm it.';
  constructor(
    private readonly kind: ActionItemKind,
    private readonly status: ActionItemStatus,
  ) {}
  isBroken(): boolean {
    return this.kind !== 'referral' || this.status !== 'awaiting-confirmation';
  }
}

export function isActive(status: ActionItemStatus): boolean {
  return status === 'open' || status === 'blocked' || status === 'awaiting-confirmation';
}

/**
 * One action item: one owner, one due date. Reminded before the due date, on it, then escalated
 * after the grace period in working days; a referral ends only when the referent confirms the
 * person was received; a missed administrative deadline raises a task for the referent.
 */
export class ActionItem extends AggregateRoot<string, ActionItemEvent> {
  private constructor(private state: ActionItemState) {
    super(state.id);
  }

  static open(
    props: Omit<ActionItemState, 'status' | 'step' | 'version'>,
    policy: FollowUpPolicy,
    now: Date,
  ): ActionItem {
    const item = new ActionItem({ ...props, status: 'open', step: 'before-due', version: 0 });
    // A due date too close for a reminder before it starts at the due-day step.
    if (item.stepAt('before-due', policy) <= now) {
      item.state.step = 'due';
    }
    item.addEvent(new ActionItemOpenedEvent(props.id, now));
    return item;
  }

  static restore(state: ActionItemState): ActionItem {
    return new ActionItem(state);
  }

  get snapshot(): Readonly<ActionItemState> {
    return this.state;
  }

  get active(): boolean {
    return isActive(this.state.status);
  }

  /** When the current step's timer is due (none once escalated or over). */
  nextTimer(policy: FollowUpPolicy): Date | undefined {
    if (!this.active || this.state.step === 'escalated') {
      return undefined;
    }
    return this.stepAt(this.state.step, policy);
  }

  private stepAt(step: FollowUpStep, policy: FollowUpPolicy): Date {
    switch (step) {
      case 'before-due':
        return brusselsInstant(addDays(this.state.dueOn, -policy.reminderDaysBefore), policy.hour);
      case 'due':
        return brusselsInstant(this.state.dueOn, policy.hour);
      default: {
        // A hard administrative deadline is missed the next working day; other items get the grace period.
        const grace = this.state.kind === 'deadline' ? 1 : policy.graceWorkingDays;
        return brusselsInstant(addWorkingDays(this.state.dueOn, grace, policy.holidays), policy.hour);
      }
    }
  }

  /**
   * The current step's timer fired: remind, or escalate. Returns what to do beyond the events
   * (a missed administrative deadline asks for the referent's follow-up task).
   */
  advance(now: Date): { raiseFollowUp: boolean } {
    if (!this.active) {
      return { raiseFollowUp: false };
    }
    const step = this.state.step;
    if (step === 'before-due') {
      this.state.step = 'due';
      this.addEvent(new ActionItemReminderDueEvent(this.id, now, 'before-due'));
      return { raiseFollowUp: false };
    }
    if (step === 'due') {
      this.state.step = 'escalate';
      this.addEvent(new ActionItemReminderDueEvent(this.id, now, 'due'));
      return { raiseFollowUp: false };
    }
    if (step === 'escalate') {
      this.state.step = 'escalated';
      this.addEvent(new ActionItemEscalatedEvent(this.id, now));
      // R30: past its grace period, a missed deadline is someone's task: the referent contacts the person.
      return { raiseFollowUp: this.state.kind === 'deadline' && !this.state.followUpItemId };
    }
    return { raiseFollowUp: false };
  }

  followedUpBy(itemId: string): void {
    this.state.followUpItemId = itemId;
  }

  markDone(by: string, now: Date): void {
    this.checkRule(new ItemMustBeActiveRule(this.state.status));
    if (this.state.kind === 'referral') {
      // The owner made the referral; it counts only once the person is known to be received.
      this.state.status = 'awaiting-confirmation';
      return;
    }
    this.checkRule(new ReferralClosesOnConfirmationRule(this.state.kind));
    this.resolve('done', by, now);
  }

  confirmReceived(by: string, now: Date): void {
    this.checkRule(new OnlyReferralsAwaitConfirmationRule(this.state.kind, this.state.status));
    this.resolve('received', by, now);
  }

  block(reason: BlockerReason, by: string, now: Date): void {
    this.checkRule(new ItemMustBeActiveRule(this.state.status));
    this.state.status = 'blocked';
    this.state.blockedReason = reason;
    this.addEvent(new ActionItemBlockedEvent(this.id, now, by));
  }

  handOver(to: ItemOwner, by: string, now: Date): void {
    this.checkRule(new ItemMustBeActiveRule(this.state.status));
    const from = this.state.owner;
    this.state.owner = to;
    this.state.status = 'open';
    this.state.blockedReason = undefined;
    this.addEvent(new ActionItemHandedOverEvent(this.id, now, from, by));
  }

  withdraw(by: string, now: Date): void {
    this.checkRule(new ItemMustBeActiveRule(this.state.status));
    this.resolve('withdrawn', by, now);
  }

  private resolve(resolution: Resolution, by: string, now: Date): void {
    this.state.status = resolution;
    this.state.resolvedBy = by;
    this.state.resolvedAt = now;
    this.addEvent(new ActionItemResolvedEvent(this.id, now));
  }
}
