import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelation, currentCorrelationId } from '#concerto/observability';
import { DurableTimers } from '#concerto/timers';
import { DEADLINE_PASSED_TIMER } from '../../../../cases.tokens.js';
import { CaseTimelineRepository } from '../../domain/case-timeline.repository.js';
import type { CaseDeadline } from '../../domain/deadlines/case-deadline.js';
import type { CaseDeadlineEvent } from '../../domain/deadlines/case-deadline.events.js';
import { CaseDeadlineRepository } from '../../domain/deadlines/case-deadline.repository.js';

type DeadlineEventEffects = {
  [K in CaseDeadlineEvent['name']]: (event: Extract<CaseDeadlineEvent, { name: K }>, ownerId: string) => Promise<void>;
};

/**
 * Saves a deadline and, in the same (ambient) transaction, what its change leaves behind: a
 * timeline entry (a correction keeps the old date there), an outbox event and the timer that
 * tells the owner when the date comes.
 */
@Injectable()
export class DeadlineChanges {
  private readonly effects: DeadlineEventEffects = {
    'case.deadline-set': async (event) => {
      const d = event.deadline;
      const source = { kind: d.source.kind, ...(d.source.alertId ? { alertId: d.source.alertId } : {}) };
      await this.timeline(event, { deadlineId: d.id, kind: d.kind, dueAt: d.dueAt.toISOString(), source });
      await this.uow.emit(
        'case.deadline-set',
        d.caseId,
        {
          caseId: d.caseId,
          deadlineId: d.id,
          kind: d.kind,
          dueAt: d.dueAt.toISOString(),
          source,
          setBy: event.actorId,
          setAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
      await this.timers.schedule({
        kind: DEADLINE_PASSED_TIMER,
        subjectId: d.id,
        dueAt: d.dueAt,
        payload: { caseId: d.caseId },
      });
    },
    'case.deadline-corrected': async (event) => {
      const d = event.deadline;
      await this.timeline(event, {
        deadlineId: d.id,
        kind: d.kind,
        dueAt: d.dueAt.toISOString(),
        previousDueAt: event.previousDueAt.toISOString(),
        ...(event.previousKind !== d.kind ? { previousKind: event.previousKind } : {}),
      });
      await this.uow.emit(
        'case.deadline-corrected',
        d.caseId,
        {
          caseId: d.caseId,
          deadlineId: d.id,
          kind: d.kind,
          dueAt: d.dueAt.toISOString(),
          previousDueAt: event.previousDueAt.toISOString(),
          correctedBy: event.actorId,
          correctedAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
      await this.timers.cancel(d.id, DEADLINE_PASSED_TIMER);
      await this.timers.schedule({
        kind: DEADLINE_PASSED_TIMER,
        subjectId: d.id,
        dueAt: d.dueAt,
        payload: { caseId: d.caseId },
      });
    },
    'case.deadline-dismissed': async (event) => {
      const d = event.deadline;
      await this.timeline(event, { deadlineId: d.id, kind: d.kind, dueAt: d.dueAt.toISOString() });
      await this.uow.emit(
        'case.deadline-dismissed',
        d.caseId,
        {
          caseId: d.caseId,
          deadlineId: d.id,
          dismissedBy: event.actorId,
          dismissedAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
      await this.timers.cancel(d.id, DEADLINE_PASSED_TIMER);
    },
    'case.deadline-passed': async (event, ownerId) => {
      const d = event.deadline;
      await this.timeline(event, { deadlineId: d.id, kind: d.kind, dueAt: d.dueAt.toISOString(), ownerId });
      await this.uow.emit(
        'case.deadline-passed',
        d.caseId,
        {
          caseId: d.caseId,
          deadlineId: d.id,
          kind: d.kind,
          dueAt: d.dueAt.toISOString(),
          ownerId,
          passedAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
    },
  };

  constructor(
    private readonly deadlines: CaseDeadlineRepository,
    private readonly timelines: CaseTimelineRepository,
    private readonly timers: DurableTimers,
    private readonly uow: UnitOfWork,
  ) {}

  /** `ownerId`: the case's owner now (who a passed deadline tells). */
  async save(deadline: CaseDeadline, ownerId: string): Promise<void> {
    await this.deadlines.save(deadline);
    for (const event of deadline.pullEvents()) {
      await this.apply(event, ownerId);
    }
  }

  private apply<E extends CaseDeadlineEvent>(event: E, ownerId: string): Promise<void> {
    const effect = this.effects[event.name] as (event: E, ownerId: string) => Promise<void>;
    return effect(event, ownerId);
  }

  private timeline(event: CaseDeadlineEvent, details: Record<string, unknown>): Promise<void> {
    return this.timelines.append({
      caseId: event.aggregateId,
      at: event.occurredAt,
      kind: event.name,
      actorId: event.actorId,
      details,
    });
  }
}

function meta(event: CaseDeadlineEvent) {
  return {
    correlationId: currentCorrelationId(),
    causationId: currentCorrelation()?.causationId,
    occurredAt: event.occurredAt,
  };
}
