import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '#concerto/ddd';
import type { TransactionScope } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { queryRows } from '#concerto/persistence';
import type { InvitationDeliveryV1 } from '#concerto/contracts';
import { fallbackChannel, type InvitationChannel, purposeOf } from '../domain/invitation-planning.js';
import type { MessageKind } from '../domain/message-templates.js';
import { DeliveryQueue } from '../infrastructure/delivery-queue.js';

const S = 'notifications';

export type DeliveryStatus = 'queued' | 'sent' | 'failed' | 'skipped';

export interface DeliveryRow {
  idempotency_key: string;
  invitation_id: string;
  concertation_id: string;
  case_id: string;
  sequence: number;
  kind: MessageKind;
  channel: InvitationChannel;
  status: DeliveryStatus;
  attempts: number;
  claimed_until: Date | null;
  provider_message_id: string | null;
  last_error_code: string | null;
  created_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
}

export interface InvitationViewRow {
  invitation_id: string;
  concertation_id: string;
  case_id: string;
  participant_id: string;
  participant_kind: string;
  professional_id: string | null;
  required: boolean;
  channels: InvitationChannel[];
  sequence: number;
  meeting_status: 'scheduled' | 'cancelled';
  start_at: Date | null;
  end_at: Date | null;
  previous_start_at: Date | null;
  answer: 'accepted' | 'declined' | 'written-input' | null;
  answered_sequence: number | null;
  answered_at: Date | null;
  substitute_candidates: string[] | null;
  first_sent_at: Date | null;
  escalation_step: number;
  updated_at: Date;
}

export type TaskKind = 'phone-call' | 'post-letter' | 'substitute-proposal' | 'no-answer';

export interface NewDelivery {
  invitationId: string;
  concertationId: string;
  caseId: string;
  sequence: number;
  kind: MessageKind;
  channel: InvitationChannel;
}

export interface NewTask {
  idempotencyKey: string;
  caseId: string;
  invitationId: string;
  concertationId: string;
  sequence: number;
  kind: TaskKind;
  messageKind?: MessageKind;
  language?: string;
  letterId?: string;
  letterPath?: string;
  candidates?: string[];
}

/** "<kind>:<channel>:<meeting id>:<sequence>:<invitation id>": ids only, stable across retries. */
export function deliveryKey(d: Pick<NewDelivery, 'kind' | 'channel' | 'concertationId' | 'sequence' | 'invitationId'>): string {
  return `${d.kind}:${d.channel}:${d.concertationId}:${d.sequence}:${d.invitationId}`;
}

/**
 * The deliveries and coordinator-task tables, written inside the caller's transaction. A new
 * delivery row gets its job once the transaction commits (never before: a job must find its
 * row). The primary key is the message's idempotency key, so recording the same message twice
 * (a redelivered event, a re-fired timer) is a no-op.
 */
@Injectable()
export class DeliveryLedger {
  private readonly logger = new Logger(DeliveryLedger.name);

  constructor(
    private readonly jobs: DeliveryQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The message's idempotency key: the same format as compose-messages' idempotencyKey, phone calls included. */
  keyOf(d: NewDelivery): string {
    return deliveryKey(d);
  }

  /** Records one message to send and enqueues its job after the commit. Returns false if it was already recorded. */
  async queue(scope: TransactionScope, d: NewDelivery): Promise<boolean> {
    const key = this.keyOf(d);
    const rows = await queryRows(
      scope.manager,
      `INSERT INTO "${S}"."deliveries" ("idempotency_key","invitation_id","concertation_id","case_id","sequence","kind","channel","status","attempts","created_at")
       VALUES ($1,$2,$3,$4,$5,$6,$7,'queued',0,$8) ON CONFLICT DO NOTHING RETURNING "idempotency_key"`,
      [key, d.invitationId, d.concertationId, d.caseId, d.sequence, d.kind, d.channel, this.clock.now()],
    );
    if (rows.length === 0) {
      return false;
    }
    this.enqueueAfterCommit(scope, key);
    return true;
  }

  enqueueAfterCommit(scope: TransactionScope, key: string): void {
    const correlationId = currentCorrelationId();
    scope.afterCommit(() =>
      this.jobs.enqueue({ key, correlationId }).catch((error: unknown) =>
        // The row is committed: the reconciler adds the job again.
        this.logger.warn({ msg: 'delivery job not enqueued, the reconciler will add it', error: String(error) }),
      ),
    );
  }

  async addTask(scope: TransactionScope, t: NewTask): Promise<boolean> {
    const rows = await queryRows(
      scope.manager,
      `INSERT INTO "${S}"."coordinator_tasks" ("id","idempotency_key","case_id","invitation_id","concertation_id","sequence","kind","message_kind","status","language","letter_id","letter_path","candidates","created_at")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'open',$9,$10,$11,$12,$13) ON CONFLICT ("idempotency_key") DO NOTHING RETURNING "id"`,
      [
        randomUUID(),
        t.idempotencyKey,
        t.caseId,
        t.invitationId,
        t.concertationId,
        t.sequence,
        t.kind,
        t.messageKind ?? null,
        t.language ?? null,
        t.letterId ?? null,
        t.letterPath ?? null,
        t.candidates ? JSON.stringify(t.candidates) : null,
        this.clock.now(),
      ],
    );
    return rows.length === 1;
  }

  /** invitation.sent / delivered / failed for one message, in the caller's transaction (ids and a code only). */
  async emitDelivery(scope: TransactionScope, type: 'invitation.sent' | 'invitation.delivered' | 'invitation.failed', row: DeliveryRow, at: Date, reason?: string): Promise<void> {
    const purpose = purposeOf(row.kind);
    if (!purpose) {
      return;
    }
    const data: InvitationDeliveryV1 = {
      invitationId: row.invitation_id,
      concertationId: row.concertation_id,
      caseId: row.case_id,
      sequence: row.sequence,
      channel: row.channel,
      purpose,
      ...(reason ? { reason } : {}),
      at: at.toISOString(),
    };
    await scope.emit(type, row.case_id, data, { correlationId: currentCorrelationId(), occurredAt: at });
  }

  /** After a message failed for good: the same message on the invitee's next channel not tried yet, if any. */
  async queueFallback(scope: TransactionScope, row: DeliveryRow, channels: readonly InvitationChannel[]): Promise<void> {
    const tried = await queryRows<{ channel: InvitationChannel }>(
      scope.manager,
      `SELECT DISTINCT "channel" FROM "${S}"."deliveries" WHERE "invitation_id" = $1 AND "sequence" = $2 AND "kind" = $3`,
      [row.invitation_id, row.sequence, row.kind],
    );
    const next = fallbackChannel(channels, tried.map((t) => t.channel), row.kind);
    if (next) {
      await this.queue(scope, { invitationId: row.invitation_id, concertationId: row.concertation_id, caseId: row.case_id, sequence: row.sequence, kind: row.kind, channel: next });
    }
  }

  /** Closes the open tasks that a newer version of the meeting, an answer or a cancellation made moot. */
  async closeTasks(scope: TransactionScope, where: { concertationId?: string; invitationId?: string; olderThanSequence?: number; kinds?: TaskKind[] }, status: 'resolved' | 'superseded' | 'cancelled'): Promise<void> {
    const conditions = [`"status" = 'open'`];
    const params: unknown[] = [status, this.clock.now()];
    if (where.concertationId) {
      params.push(where.concertationId);
      conditions.push(`"concertation_id" = $${params.length}`);
    }
    if (where.invitationId) {
      params.push(where.invitationId);
      conditions.push(`"invitation_id" = $${params.length}`);
    }
    if (where.olderThanSequence !== undefined) {
      params.push(where.olderThanSequence);
      conditions.push(`"sequence" < $${params.length}`);
    }
    if (where.kinds) {
      params.push(where.kinds);
      conditions.push(`"kind" = ANY($${params.length}::varchar[])`);
    }
    await scope.manager.query(`UPDATE "${S}"."coordinator_tasks" SET "status" = $1, "closed_at" = $2 WHERE ${conditions.join(' AND ')}`, params);
  }
}
