import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelation, currentCorrelationId } from '#concerto/observability';
import { DurableTimers } from '#concerto/timers';
import { ACK_DEADLINE_TIMER } from '../../../cases.tokens.js';
import type { Case } from '../domain/case.aggregate.js';
import { CaseRepository } from '../domain/case.repository.js';
import type { CaseSignal } from '../domain/case.types.js';
import { CaseTimelineRepository } from '../domain/case-timeline.repository.js';
import type { CaseEvent } from '../domain/events/case-events.js';
import { WorklistChangeLog } from './worklist-feed.js';

/** What one kind of domain event leaves behind: a timeline entry, an integration event, timers. */
type CaseEventEffects = {
  [K in CaseEvent['name']]: (event: Extract<CaseEvent, { name: K }>, c: Case, actorId: string) => Promise<void>;
};

/**
 * Saves a case and, in the same (ambient) transaction, records what happened to it: each domain
 * event becomes a timeline entry, an outbox event and the acknowledgement timers it implies.
 * Each pending signal has its own acknowledgement timer (kind ACK_DEADLINE_TIMER, subject the case,
 * payload the signal and the level it was set for), so any of them running out escalates the case.
 */
@Injectable()
export class CaseChanges {
  private readonly effects: CaseEventEffects = {
    'case.opened': async (event, c, actorId) => {
      const s = c.snapshot;
      await this.timeline(event, actorId, {
        ownerId: s.ownerId,
        alertId: event.openedByAlertId,
        bassinId: s.bassinId,
        ...signalDetails(event.signal),
        ...(event.previousCaseId ? { previousCaseId: event.previousCaseId } : {}),
      });
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
          ...(event.previousCaseId ? { previousCaseId: event.previousCaseId } : {}),
          openedAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
      await this.scheduleTimer(c, event.signal);
    },
    'alert.attached': async (event, c, actorId) => {
      const s = c.snapshot;
      const deadline = event.deadline ? { deadline: event.deadline.toISOString() } : {};
      await this.timeline(event, actorId, {
        alertId: event.alert.alertId,
        ...signalDetails(event.signal),
        urgencyRaised: event.urgencyRaised,
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
      await this.uow.emit(
        'case.signal-received',
        s.id,
        {
          caseId: s.id,
          signalId: event.signal.signalId,
          bassinId: s.bassinId,
          type: event.signal.type,
          urgency: event.signal.urgency,
          caseUrgency: s.urgency,
          ownerId: s.ownerId,
          escalationLevel: event.signal.escalationLevel,
          acknowledgeBy: event.signal.acknowledgeBy.toISOString(),
          receivedAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
      await this.scheduleTimer(c, event.signal);
    },
    'case.acknowledged': async (event, c, actorId) => {
      const s = c.snapshot;
      await this.timeline(event, actorId, {
        acknowledgedBy: event.acknowledgedBy,
        escalationLevel: event.escalationLevel,
        signalIds: event.signalIds,
      });
      await this.uow.emit(
        'case.acknowledged',
        s.id,
        {
          caseId: s.id,
          acknowledgedBy: event.acknowledgedBy,
          escalationLevel: event.escalationLevel,
          signalIds: [...event.signalIds],
          reporterIds: reportersOf(c, event.signalIds),
          acknowledgedAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
      for (const signalId of event.signalIds) {
        await this.uow.emit(
          'case.signal-acknowledged',
          s.id,
          {
            caseId: s.id,
            signalId,
            acknowledgedBy: event.acknowledgedBy,
            escalationLevel: event.escalationLevel,
            acknowledgedAt: event.occurredAt.toISOString(),
          },
          meta(event),
        );
      }
      await this.rescheduleTimers(c);
    },
    'case.escalated': async (event, c, actorId) => {
      const s = c.snapshot;
      await this.timeline(event, actorId, {
        level: event.level,
        escalatedTo: event.escalatedTo,
        previousOwnerId: event.previousOwnerId,
        overdueSignalId: event.overdueSignalId,
        signalIds: event.pendingSignalIds,
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
          overdueSignalId: event.overdueSignalId,
          signalIds: [...event.pendingSignalIds],
          escalatedAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
      await this.rescheduleTimers(c);
    },
    'case.closed': async (event, c, actorId) => {
      const s = c.snapshot;
      await this.timeline(event, actorId, {
        closedBy: event.closedBy,
        outcome: event.outcome,
        reason: event.reason,
        ...(event.openItemsOverride ? { openItemsOverride: event.openItemsOverride } : {}),
      });
      await this.uow.emit(
        'case.closed',
        s.id,
        {
          caseId: s.id,
          bassinId: s.bassinId,
          closedBy: event.closedBy,
          outcome: event.outcome,
          reporterIds: [...event.reporterIds],
          closedAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
      // A closed case escalates nothing: its pending acknowledgement timers go with it.
      await this.timers.cancel(c.id, ACK_DEADLINE_TIMER);
    },
    'case.reopened': async (event, c, actorId) => {
      const s = c.snapshot;
      await this.timeline(event, actorId, { reopenedBy: event.reopenedBy, reason: event.reason });
      await this.uow.emit(
        'case.reopened',
        s.id,
        {
          caseId: s.id,
          bassinId: s.bassinId,
          reopenedBy: event.reopenedBy,
          ownerId: s.ownerId,
          status: s.status === 'closed' ? 'opened' : s.status,
          reopenedAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
      await this.rescheduleTimers(c);
    },
    'case.transferred': async (event, c, actorId) => {
      const s = c.snapshot;
      await this.timeline(event, actorId, {
        transferredBy: event.transferredBy,
        fromBassin: event.fromBassin,
        toBassin: event.toBassin,
        previousOwnerId: event.previousOwnerId,
        ownerId: event.ownerId,
        reason: event.reason,
        referenceBassin: event.referenceBassin,
        ...signalDetails(event.signal),
        origin: 'transfer',
      });
      await this.uow.emit(
        'case.transferred',
        s.id,
        {
          caseId: s.id,
          fromBassin: event.fromBassin,
          toBassin: event.toBassin,
          referenceBassin: event.referenceBassin,
          transferredBy: event.transferredBy,
          previousOwnerId: event.previousOwnerId,
          ownerId: event.ownerId,
          signalId: event.signal.signalId,
          urgency: event.signal.urgency,
          acknowledgeBy: event.signal.acknowledgeBy.toISOString(),
          transferredAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
      await this.rescheduleTimers(c);
    },
    'case.bassin-confirmed': async (event, c, actorId) => {
      const s = c.snapshot;
      await this.timeline(event, actorId, {
        confirmedBy: event.confirmedBy,
        bassinId: event.bassinId,
        referenceBassin: event.referenceBassin,
        previousReferenceBassin: event.previousReferenceBassin,
      });
      await this.uow.emit(
        'case.bassin-confirmed',
        s.id,
        {
          caseId: s.id,
          bassinId: event.bassinId,
          referenceBassin: event.referenceBassin,
          confirmedBy: event.confirmedBy,
          confirmedAt: event.occurredAt.toISOString(),
        },
        meta(event),
      );
    },
    // A merge or split took pending signals away: they stop escalating (and being paged) here.
    'case.signals-moved-out': async (event, c, actorId) => {
      await this.timeline(event, actorId, { toCaseId: event.toCaseId, cause: event.cause, signalIds: event.signalIds });
      await this.rescheduleTimers(c);
    },
    // They run here now, with their own due times: each pending one is a signal the owner is paged for.
    'case.signals-moved-in': async (event, c, actorId) => {
      const s = c.snapshot;
      await this.timeline(event, actorId, {
        fromCaseId: event.fromCaseId,
        cause: event.cause,
        signalIds: event.signals.map((g) => g.signalId),
        urgencyRaised: event.urgencyRaised,
      });
      if (!c.isClosed) {
        for (const signal of event.signals.filter((g) => !g.acknowledgedAt)) {
          await this.uow.emit(
            'case.signal-received',
            s.id,
            {
              caseId: s.id,
              signalId: signal.signalId,
              bassinId: s.bassinId,
              type: signal.type,
              urgency: signal.urgency,
              caseUrgency: s.urgency,
              ownerId: s.ownerId,
              escalationLevel: signal.escalationLevel,
              acknowledgeBy: signal.acknowledgeBy.toISOString(),
              receivedAt: event.occurredAt.toISOString(),
            },
            meta(event),
          );
        }
      }
      await this.rescheduleTimers(c);
    },
  };

  constructor(
    private readonly cases: CaseRepository,
    private readonly timelines: CaseTimelineRepository,
    private readonly timers: DurableTimers,
    private readonly uow: UnitOfWork,
    private readonly changeLog: WorklistChangeLog,
  ) {}

  async save(c: Case, actorId: string): Promise<void> {
    await this.cases.save(c);
    const events = c.pullEvents();
    for (const event of events) {
      await this.apply(event, c, actorId);
    }
    const last = events.at(-1);
    if (last) {
      const s = c.snapshot;
      // Written in the transaction: every replica's worklist stream reads it once it commits.
      await this.changeLog.record({
        caseId: s.id,
        bassinId: s.bassinId,
        referenceBassin: s.referenceBassin,
        status: s.status,
        urgency: s.urgency,
        ownerId: s.ownerId,
        pendingSignals: c.pendingSignals.length,
        change: last.name,
      });
    }
  }

  /** The one place where an event's name selects its effect; the map's type ties each effect to its class. */
  private apply<E extends CaseEvent>(event: E, c: Case, actorId: string): Promise<void> {
    const effect = this.effects[event.name] as (event: E, c: Case, actorId: string) => Promise<void>;
    return effect(event, c, actorId);
  }

  private async scheduleTimer(c: Case, signal: Readonly<CaseSignal>): Promise<void> {
    if (c.signalsAwaitingEscalation.some((p) => p.signalId === signal.signalId)) {
      await this.timers.schedule({
        kind: ACK_DEADLINE_TIMER,
        subjectId: c.id,
        dueAt: signal.acknowledgeBy,
        payload: { level: signal.escalationLevel, signalId: signal.signalId },
      });
    }
  }

  /** Pending signals changed owner or window: the case's timers are replaced by one per pending signal. */
  private async rescheduleTimers(c: Case): Promise<void> {
    await this.timers.cancel(c.id, ACK_DEADLINE_TIMER);
    for (const signal of c.signalsAwaitingEscalation) {
      await this.scheduleTimer(c, signal);
    }
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

function signalDetails(signal: Readonly<CaseSignal>): Record<string, unknown> {
  return {
    signalId: signal.signalId,
    type: signal.type,
    urgency: signal.urgency,
    reporterId: signal.reporterId,
    ...(signal.reporterRole ? { reporterRole: signal.reporterRole } : {}),
    acknowledgeBy: signal.acknowledgeBy.toISOString(),
  };
}

/** The reporters of the alerts an acknowledgement covers (a transfer's handover has none). */
function reportersOf(c: Case, signalIds: readonly string[]): string[] {
  const covered = c.snapshot.signals.filter((g) => signalIds.includes(g.signalId) && g.origin !== 'transfer');
  return [...new Set(covered.map((g) => g.reporterId))];
}

function meta(event: CaseEvent) {
  return {
    correlationId: currentCorrelationId(),
    causationId: currentCorrelation()?.causationId,
    occurredAt: event.occurredAt,
  };
}
