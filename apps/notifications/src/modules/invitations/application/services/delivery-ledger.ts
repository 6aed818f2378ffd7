import { Inject, Injectable, Logger } from '@nestjs/common';
import type { InvitationDeliveryV1 } from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { CONSENT_WITHDRAWN } from '../../domain/case-consent.js';
import { CoordinatorTaskRepository, type MootTasks, type NewTask } from '../../domain/coordinator-task.js';
import {
  deliveryKey,
  type DeliveryRef,
  DeliveryRepository,
  isCaseMessage,
  isFollowUpMessage,
  type NewDelivery,
} from '../../domain/delivery.js';
import { fallbackChannel, type InvitationChannel, purposeOf } from '../../domain/invitation-planning.js';
import { DeliveryJobs } from '../ports/delivery-jobs.port.js';
import { ConsentGuard } from './consent-guard.js';

export type DeliveryEventType = 'invitation.sent' | 'invitation.delivered' | 'invitation.failed';

/**
 * What every use case writes about messages, in its (ambient) transaction: the message to send
 * (its job is enqueued once the transaction commits, never before: a job must find its row), the
 * coordinator's tasks, and the delivery events.
 */
@Injectable()
export class DeliveryLedger {
  private readonly logger = new Logger(DeliveryLedger.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly deliveries: DeliveryRepository,
    private readonly tasks: CoordinatorTaskRepository,
    private readonly jobs: DeliveryJobs,
    private readonly consent: ConsentGuard,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Records one message to send and enqueues its job after the commit. Returns false if it was
   * already recorded, or if the consent no longer covers its addressee: then it is recorded as
   * cancelled (consent-withdrawn), so that every use case (invitations, updates, reminders, the
   * no-answer chain, cancellations, polls) is stopped in one place.
   */
  async queue(d: NewDelivery): Promise<boolean> {
    const key = deliveryKey(d);
    if (!(await this.deliveries.record({ ...d, idempotencyKey: key }, this.clock.now()))) {
      return false;
    }
    // A page goes to the case's coordinator and names nobody: a refused consent keeps the case in
    // restricted mode (reporter and coordinator, R06), it never leaves a signal unowned.
    if (!isCaseMessage(d.kind) && !(await this.consent.covers(d.caseId, d.invitationId))) {
      await this.deliveries.settle(key, 'cancelled', CONSENT_WITHDRAWN);
      return false;
    }
    const correlationId = currentCorrelationId();
    this.uow.afterCommit(() =>
      this.jobs.enqueue({ key, correlationId }).catch((error: unknown) =>
        // The row is committed: the reconciler adds the job again.
        this.logger.warn({ msg: 'delivery job not enqueued, the reconciler will add it', error: String(error) }),
      ),
    );
    return true;
  }

  /** A coordinator's task (a letter to post, a call to make, …): none about someone the consent no longer covers. */
  async addTask(task: NewTask): Promise<boolean> {
    if (!(await this.consent.covers(task.caseId, task.invitationId))) {
      return false;
    }
    return this.tasks.add(task, this.clock.now());
  }

  /** Stops the messages of the case the consent no longer covers: cancelled rows, then their jobs removed after the commit. */
  async cancelUncovered(caseId: string): Promise<string[]> {
    const cancelled: string[] = [];
    for (const d of await this.deliveries.queuedOfCase(caseId)) {
      if (
        !isCaseMessage(d.kind) &&
        !(await this.consent.covers(caseId, d.invitationId)) &&
        (await this.deliveries.settle(d.idempotencyKey, 'cancelled', CONSENT_WITHDRAWN))
      ) {
        cancelled.push(d.idempotencyKey);
      }
    }
    if (cancelled.length > 0) {
      this.uow.afterCommit(() =>
        this.jobs
          .cancel(cancelled)
          .then(() => undefined)
          .catch((error: unknown) =>
            // The rows are settled: a job left behind finds nothing to send.
            this.logger.warn({ msg: 'delivery jobs not removed', error: String(error) }),
          ),
      );
    }
    return cancelled;
  }

  /** Closes the open tasks that a newer version of the meeting, an answer or a cancellation made moot. */
  closeTasks(where: MootTasks, status: 'resolved' | 'superseded' | 'cancelled'): Promise<void> {
    return this.tasks.close(where, status, this.clock.now());
  }

  /** invitation.sent / delivered / failed for one message (ids and a code only). */
  async emitDelivery(type: DeliveryEventType, d: DeliveryRef, at: Date, reason?: string): Promise<void> {
    // Pages leave no invitation event: the ledger row and the delivery report are their record.
    const purpose = isCaseMessage(d.kind) || isFollowUpMessage(d.kind) ? undefined : purposeOf(d.kind);
    if (!purpose) {
      return;
    }
    const data: InvitationDeliveryV1 = {
      invitationId: d.invitationId,
      concertationId: d.concertationId,
      caseId: d.caseId,
      sequence: d.sequence,
      channel: d.channel,
      purpose,
      ...(reason ? { reason } : {}),
      at: at.toISOString(),
    };
    await this.uow.emit(type, d.caseId, data, { correlationId: currentCorrelationId(), occurredAt: at });
  }

  /** After a message failed for good: the same message on the invitee's next channel not tried yet, if any. */
  async queueFallback(d: DeliveryRef, channels: readonly InvitationChannel[]): Promise<void> {
    if (isCaseMessage(d.kind) || isFollowUpMessage(d.kind)) {
      // A page goes on every channel its recipient chose at once: there is no next one to try.
      return;
    }
    const tried = await this.deliveries.channelsTried(d.invitationId, d.sequence, d.kind);
    const next = fallbackChannel(channels, tried, d.kind);
    if (next) {
      await this.queue({
        invitationId: d.invitationId,
        concertationId: d.concertationId,
        caseId: d.caseId,
        sequence: d.sequence,
        kind: d.kind,
        channel: next,
      });
    }
  }
}
