import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, ConcertoConfig } from '#concerto/config';
import type { DomainEvent } from '#concerto/ddd';
import { type TransactionScope } from '#concerto/messaging';
import { currentCorrelation, currentCorrelationId } from '#concerto/observability';
import { DurableTimers } from '#concerto/timers';
import { ACK_DEADLINE_TIMER } from '../../../cases.tokens.js';
import { Case } from '../domain/case.aggregate.js';
import { CaseRepository } from '../domain/case.repository.js';
import { CaseTimeline } from './case-timeline.port.js';
import type { AcknowledgementPolicy } from '../domain/case.types.js';
import { AlertAttachedEvent, CaseAcknowledgedEvent, CaseEscalatedEvent, CaseOpenedEvent } from '../domain/events/case-events.js';

/**
 * Saves a case and, in the same transaction, turns its domain events into timeline entries,
 * outbox events and acknowledgement timers.
 */
@Injectable()
export class CaseStore {
  readonly policy: AcknowledgementPolicy;

  constructor(
    private readonly cases: CaseRepository,
    private readonly timers: DurableTimers,
    private readonly timelines: CaseTimeline,
    @Inject(CONFIG) config: ConcertoConfig,
  ) {
    this.policy = {
      urgentMs: config.ACK_TIMEOUT_URGENT_MINUTES * 60_000,
      normalMs: config.ACK_TIMEOUT_NORMAL_MINUTES * 60_000,
    };
  }

  load(scope: TransactionScope, caseId: string): Promise<Case | undefined> {
    return this.cases.findForUpdate(scope.manager, caseId);
  }

  async save(scope: TransactionScope, aggregate: Case, actorId: string): Promise<void> {
    await this.cases.save(scope.manager, aggregate);
    for (const event of aggregate.pullEvents()) {
      await this.record(scope, aggregate, event, actorId);
    }
  }

  private async record(scope: TransactionScope, aggregate: Case, event: DomainEvent, actorId: string): Promise<void> {
    const s = aggregate.snapshot;
    const meta = { correlationId: currentCorrelationId(), causationId: currentCorrelation()?.causationId, occurredAt: event.occurredAt };
    const at = event.occurredAt.toISOString();
    if (event instanceof CaseOpenedEvent) {
      await this.timeline(scope, s.id, event, actorId, { ownerId: s.ownerId, alertId: event.openedByAlertId, bassinId: s.bassinId });
      await scope.emit(
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
          openedAt: at,
        },
        meta,
      );
      await this.timers.schedule(scope, { kind: ACK_DEADLINE_TIMER, subjectId: s.id, dueAt: s.acknowledgeBy, payload: { level: 0 } });
    } else if (event instanceof AlertAttachedEvent) {
      const deadline = event.deadline ? { deadline: event.deadline.toISOString() } : {};
      await this.timeline(scope, s.id, event, actorId, { alertId: event.alert.alertId, type: event.alert.type, urgency: event.alert.urgency, ...deadline });
      await scope.emit(
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
          attachedAt: at,
        },
        meta,
      );
      if (event.urgencyRaised && aggregate.needsAcknowledgementTimer) {
        await this.timers.cancel(scope, s.id, ACK_DEADLINE_TIMER);
        await this.timers.schedule(scope, { kind: ACK_DEADLINE_TIMER, subjectId: s.id, dueAt: s.acknowledgeBy, payload: { level: s.escalationLevel } });
      }
    } else if (event instanceof CaseAcknowledgedEvent) {
      await this.timeline(scope, s.id, event, actorId, { acknowledgedBy: event.acknowledgedBy, escalationLevel: event.escalationLevel });
      await scope.emit(
        'case.acknowledged',
        s.id,
        { caseId: s.id, acknowledgedBy: event.acknowledgedBy, escalationLevel: event.escalationLevel, acknowledgedAt: at },
        meta,
      );
      await this.timers.cancel(scope, s.id, ACK_DEADLINE_TIMER);
    } else if (event instanceof CaseEscalatedEvent) {
      await this.timeline(scope, s.id, event, actorId, { level: event.level, escalatedTo: event.escalatedTo, previousOwnerId: event.previousOwnerId });
      await scope.emit(
        'case.escalated',
        s.id,
        {
          caseId: s.id,
          level: event.level,
          escalatedTo: event.escalatedTo,
          previousOwnerId: event.previousOwnerId,
          reason: 'acknowledgement-overdue',
          ...(event.acknowledgeBy ? { acknowledgeBy: event.acknowledgeBy.toISOString() } : {}),
          escalatedAt: at,
        },
        meta,
      );
      if (aggregate.needsAcknowledgementTimer) {
        await this.timers.schedule(scope, { kind: ACK_DEADLINE_TIMER, subjectId: s.id, dueAt: s.acknowledgeBy, payload: { level: s.escalationLevel } });
      }
    }
  }

  private async timeline(scope: TransactionScope, caseId: string, event: DomainEvent, actorId: string, details: Record<string, unknown>): Promise<void> {
    await this.timelines.append(scope.manager, { caseId, at: event.occurredAt, kind: event.name, actorId, details });
  }
}
