import { Injectable } from '@nestjs/common';
import type { EventPayloads } from '#concerto/contracts';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { DurableTimers } from '#concerto/timers';
import { ACTION_ITEM_TIMER, REVIEW_TIMER } from '../../../scheduling.tokens.js';
import { brusselsInstant, subtractWorkingDays } from '../domain/brussels-calendar.js';
import type { ActionItem, ActionItemEvent } from '../domain/action-item.aggregate.js';
import type { ConcertationRecord } from '../domain/concertation-record.aggregate.js';
import {
  ActionItemRepository,
  ConcertationRecordRepository,
  ReferentRepository,
} from '../domain/follow-up.repository.js';
import { FollowUpSettings } from './follow-up-policy.js';

type ItemEventMap = {
  [K in ActionItemEvent['name']]: (item: ActionItem, event: Extract<ActionItemEvent, { name: K }>) => Promise<void>;
};

/**
 * Saves records and action items inside the ambient transaction with what follows from their
 * domain events: one outbox event each (ids, enums and days only), and the item's one live timer
 * (the next step of its follow-up; none once it is over or escalated).
 */
@Injectable()
export class FollowUpStore {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly records: ConcertationRecordRepository,
    private readonly items: ActionItemRepository,
    private readonly referents: ReferentRepository,
    private readonly timers: DurableTimers,
    private readonly settings: FollowUpSettings,
  ) {}

  async addRecord(record: ConcertationRecord): Promise<void> {
    await this.records.add(record);
    await this.recorded(record);
  }

  async amendRecord(
    record: ConcertationRecord,
    previous: ConcertationRecord,
    reason: string | undefined,
  ): Promise<void> {
    await this.records.amend(record, previous, reason);
    await this.recorded(record);
  }

  /**
   * When the next review's preparation starts: `REVIEW_LEAD_WORKING_DAYS` working days before its
   * day, at the follow-up hour in Brussels (at once when that is already past).
   */
  reviewPreparedAt(reviewOn: string, now: Date): Date {
    const policy = this.settings.policy;
    const at = brusselsInstant(
      subtractWorkingDays(reviewOn, this.settings.reviewLeadWorkingDays, policy.holidays),
      policy.hour,
    );
    return at > now ? at : now;
  }

  private async recorded(record: ConcertationRecord): Promise<void> {
    const s = record.snapshot;
    // One live preparation per case: the latest record's review replaces an earlier one.
    await this.timers.cancel(s.caseId, REVIEW_TIMER);
    if (s.held && s.nextReview) {
      await this.timers.schedule({
        kind: REVIEW_TIMER,
        subjectId: s.caseId,
        dueAt: this.reviewPreparedAt(s.nextReview.on, s.recordedAt),
        payload: { recordId: s.id },
      });
    }
    for (const event of record.pullEvents()) {
      await this.emit('concertation.recorded', s.caseId, event.occurredAt, {
        recordId: s.id,
        concertationId: s.concertationId,
        caseId: s.caseId,
        held: s.held,
        version: s.version,
        ...(s.referentParticipantId ? { referentParticipantId: s.referentParticipantId } : {}),
        ...(s.nextReview ? { nextReviewOn: s.nextReview.on, nextReviewKind: s.nextReview.kind } : {}),
        actionItemIds: s.actionItemIds,
        recordedBy: s.recordedBy,
        recordedAt: s.recordedAt.toISOString(),
      });
    }
  }

  async addItem(item: ActionItem): Promise<void> {
    await this.items.add(item);
    await this.applyItem(item);
  }

  async saveItem(item: ActionItem): Promise<void> {
    await this.items.save(item);
    await this.applyItem(item);
  }

  private async applyItem(item: ActionItem): Promise<void> {
    for (const event of item.pullEvents()) {
      await (this.itemEvents[event.name] as (i: ActionItem, e: ActionItemEvent) => Promise<void>)(item, event);
    }
    // One live timer per item: the next step, or none.
    await this.timers.cancel(item.id, ACTION_ITEM_TIMER);
    const next = item.nextTimer(this.settings.policy);
    if (next) {
      await this.timers.schedule({ kind: ACTION_ITEM_TIMER, subjectId: item.id, dueAt: next });
    }
  }

  private readonly itemEvents: ItemEventMap = {
    'action.opened': async (item, e) => {
      const s = item.snapshot;
      await this.emit('action.opened', s.caseId, e.occurredAt, {
        itemId: s.id,
        caseId: s.caseId,
        ...(s.recordId ? { recordId: s.recordId } : {}),
        ...(s.deadlineId ? { deadlineId: s.deadlineId } : {}),
        kind: s.kind,
        owner: { ...s.owner },
        dueOn: s.dueOn,
        openedBy: s.openedBy,
        openedAt: e.occurredAt.toISOString(),
      });
    },
    'action.reminder-due': async (item, e) => {
      const s = item.snapshot;
      const referent = e.step === 'due' ? await this.referents.find(s.caseId) : undefined;
      await this.emit('action.reminder-due', s.caseId, e.occurredAt, {
        itemId: s.id,
        caseId: s.caseId,
        step: e.step,
        owner: { ...s.owner },
        ...(referent ? { referentParticipantId: referent } : {}),
        dueOn: s.dueOn,
        remindedAt: e.occurredAt.toISOString(),
      });
    },
    'action.escalated': async (item, e) => {
      const s = item.snapshot;
      await this.emit('action.escalated', s.caseId, e.occurredAt, {
        itemId: s.id,
        caseId: s.caseId,
        dueOn: s.dueOn,
        graceWorkingDays: this.settings.policy.graceWorkingDays,
        escalatedAt: e.occurredAt.toISOString(),
      });
    },
    'action.blocked': async (item, e) => {
      const s = item.snapshot;
      await this.emit('action.blocked', s.caseId, e.occurredAt, {
        itemId: s.id,
        caseId: s.caseId,
        reason: s.blockedReason!,
        blockedBy: e.by,
        blockedAt: e.occurredAt.toISOString(),
      });
    },
    'action.handed-over': async (item, e) => {
      const s = item.snapshot;
      await this.emit('action.handed-over', s.caseId, e.occurredAt, {
        itemId: s.id,
        caseId: s.caseId,
        from: { ...e.from },
        owner: { ...s.owner },
        handedOverBy: e.by,
        handedOverAt: e.occurredAt.toISOString(),
      });
    },
    'action.resolved': async (item, e) => {
      const s = item.snapshot;
      await this.emit('action.resolved', s.caseId, e.occurredAt, {
        itemId: s.id,
        caseId: s.caseId,
        resolution: s.status as 'done' | 'received' | 'withdrawn',
        resolvedBy: s.resolvedBy!,
        resolvedAt: e.occurredAt.toISOString(),
      });
    },
  };

  private async emit<K extends keyof EventPayloads>(
    type: K,
    caseId: string,
    at: Date,
    data: EventPayloads[K],
  ): Promise<void> {
    await this.uow.emit(type, caseId, data, { correlationId: currentCorrelationId(), occurredAt: at });
  }
}
