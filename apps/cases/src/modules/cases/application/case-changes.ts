import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelation, currentCorrelationId } from '#concerto/observability';
import { DurableTimers } from '#concerto/timers';
import { ACK_DEADLINE_TIMER } from '../../../cases.tokens.js';
import type { Case } from '../domain/case.aggregate.js';
import { CaseRepository } from '../domain/case.repository.js';
import { CaseTimelineRepository } from '../domain/case-timeline.repository.js';
import type { CaseEvent } from '../domain/events/case-events.js';

/** What one kind of domain event leaves behind: a timeline entry, an integration event, timers. */
type CaseEventEffects = {
  [K in CaseEvent['name']]: (event: Extract<CaseEvent, { name: K }>, c: Case, actorId: string) => Promise<void>;
};

/**
 * Saves a case and, in the same (ambient) transaction, records what happened to it: each domain
 * event becomes a timeline entry, an outbox event and the acknowledgement timers it implies.
 */
@Injectable()
export class CaseChanges {
  private readonly effects: CaseEventEffects = {
    'case.opened': async (event, c, actorId) => {
      const s = c.snapshot;
      await this.timeline(event, actorId, { ownerId: s.ownerId, alertId: event.openedByAlertId, bassinId: s.bassinId });
      await this.uow.emit(
        'case.opened',
        s.id,
        {
          caseId: s.id,
          personRef: s.personRef,
          bassinId: s.bassinId,
          bassinNeedsConfirmation: s.bassinNeedsConfirmation,
          type: s.type,
          urgency: s.urgency,
          ownerId: s.ownerId,
          openedByAlertId: event.openedByAlertId,
          acknowledgeBy: s.acknowledgeBy.toISOString(),
          ...(s.deadline ? { deadline: s.deadline.toISOString() } : {}),
          openedAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
      await this.timers.schedule({
        kind: ACK_DEADLINE_TIMER,
        subjectId: s.id,
        dueAt: s.acknowledgeBy,
        payload: { level: 0 },
      });
    },
    'alert.attached': async (event, c, actorId) => {
      const s = c.snapshot;
      const deadline = event.deadline ? { deadline: event.deadline.toISOString() } : {};
      await this.timeline(event, actorId, {
        alertId: event.alert.alertId,
        type: event.alert.type,
        urgency: event.alert.urgency,
        ...deadline,
      });
      await this.uow.emit(
        'alert.attached',
        s.id,
        {
          caseId: s.id,
          alertId: event.alert.alertId,
          type: event.alert.type,
          urgency: event.alert.urgency,
          reporterId: event.alert.reporterId,
          caseUrgency: s.urgency,
          ...deadline,
          attachedAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
      if (event.urgencyRaised && c.needsAcknowledgementTimer) {
        await this.timers.cancel(s.id, ACK_DEADLINE_TIMER);
        await this.timers.schedule({
          kind: ACK_DEADLINE_TIMER,
          subjectId: s.id,
          dueAt: s.acknowledgeBy,
          payload: { level: s.escalationLevel },
        });
      }
    },
    'case.acknowledged': async (event, c, actorId) => {
      const s = c.snapshot;
      await this.timeline(event, actorId, {
        acknowledgedBy: event.acknowledgedBy,
        escalationLevel: event.escalationLevel,
      });
      await this.uow.emit(
        'case.acknowledged',
        s.id,
        {
          caseId: s.id,
          acknowledgedBy: event.acknowledgedBy,
          escalationLevel: event.escalationLevel,
          acknowledgedAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
      await this.timers.cancel(s.id, ACK_DEADLINE_TIMER);
    },
    'case.escalated': async (event, c, actorId) => {
      const s = c.snapshot;
      await this.timeline(event, actorId, {
        level: event.level,
        escalatedTo: event.escalatedTo,
        previousOwnerId: event.previousOwnerId,
      });
      await this.uow.emit(
        'case.escalated',
        s.id,
        {
          caseId: s.id,
          level: event.level,
          escalatedTo: event.escalatedTo,
          previousOwnerId: event.previousOwnerId,
          reason: 'acknowledgement-overdue',
          ...(event.acknowledgeBy ? { acknowledgeBy: event.acknowledgeBy.toISOString() } : {}),
          escalatedAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
      if (c.needsAcknowledgementTimer) {
        await this.timers.schedule({
          kind: ACK_DEADLINE_TIMER,
          subjectId: s.id,
          dueAt: s.acknowledgeBy,
          payload: { level: s.escalationLevel },
        });
      }
    },
  };

  constructor(
    private readonly cases: CaseRepository,
    private readonly timelines: CaseTimelineRepository,
    private readonly timers: DurableTimers,
    private readonly uow: UnitOfWork,
  ) {}

  async save(c: Case, actorId: string): Promise<void> {
    await this.cases.save(c);
    for (const event of c.pullEvents()) {
      await this.apply(event, c, actorId);
    }
  }

  /** The one place where an event's name selects its effect; the map's type ties each effect to its class. */
  private apply<E extends CaseEvent>(event: E, c: Case, actorId: string): Promise<void> {
    const effect = this.effects[event.name] as (event: E, c: Case, actorId: string) => Promise<void>;
    return effect(event, c, actorId);
  }

  private timeline(event: CaseEvent, actorId: string, details: Record<string, unknown>): Promise<void> {
    return this.timelines.append({
      caseId: event.aggregateId,
      at: event.occurredAt,
      kind: event.name,
      actorId,
      details,
    });
  }
}

function meta(event: CaseEvent) {
  return {
    correlationId: currentCorrelationId(),
    causationId: currentCorrelation()?.causationId,
    occurredAt: event.occurredAt,
  };
}
