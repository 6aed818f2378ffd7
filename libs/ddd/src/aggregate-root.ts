import { type BusinessRule, BusinessRuleViolation } from './business-rule.js';
import { DomainEvent } from './domain-event.js';

export abstract class AggregateRoot<TId extends string = string> {
  private pendingEvents: DomainEvent[] = [];

  protected constructor(readonly id: TId) {}

  protected checkRule(rule: BusinessRule): void {
    if (rule.isBroken()) {
      throw new BusinessRuleViolation(rule);
    }
  }

  protected addEvent(event: DomainEvent): void {
    this.pendingEvents.push(event);
  }

  /** Returns and forgets the events recorded since the last call. */
  pullEvents(): DomainEvent[] {
    const events = this.pendingEvents;
    this.pendingEvents = [];
    return events;
  }
}
