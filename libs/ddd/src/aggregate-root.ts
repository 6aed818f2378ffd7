import { type BusinessRule, BusinessRuleViolation } from './business-rule.js';
import { DomainEvent } from './domain-event.js';

/** `TEvent` is the aggregate's own union of events, so whoever pulls them can map each one by its `name`. */
export abstract class AggregateRoot<TId extends string = string, TEvent extends DomainEvent = DomainEvent> {
  private pendingEvents: TEvent[] = [];

  protected constructor(readonly id: TId) {}

  protected checkRule(rule: BusinessRule): void {
    if (rule.isBroken()) {
      throw new BusinessRuleViolation(rule);
    }
  }

  protected addEvent(event: TEvent): void {
    this.pendingEvents.push(event);
  }

  /** Returns and forgets the events recorded since the last call. */
  pullEvents(): TEvent[] {
    const events = this.pendingEvents;
    this.pendingEvents = [];
    return events;
  }
}
