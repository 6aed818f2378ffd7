import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { type Delivery, DeliveryRepository, type DeliveryStatus, type NewDelivery } from '../../domain/delivery.js';
import type { InvitationChannel } from '../../domain/invitation-planning.js';
import type { MessageKind } from '../../domain/message-templates.js';

const S = 'notifications';

interface DeliveryRow {
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
}

function toDelivery(r: DeliveryRow): Delivery {
  return {
    idempotencyKey: r.idempotency_key,
    invitationId: r.invitation_id,
    concertationId: r.concertation_id,
    caseId: r.case_id,
    sequence: r.sequence,
    kind: r.kind,
    channel: r.channel,
    status: r.status,
    attempts: r.attempts,
    ...(r.claimed_until ? { claimedUntil: new Date(r.claimed_until) } : {}),
    ...(r.provider_message_id ? { providerMessageId: r.provider_message_id } : {}),
  };
}

/** The deliveries table of the notifications schema. */
@Injectable()
export class SqlDeliveryRepository extends DeliveryRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async find(key: string): Promise<Delivery | undefined> {
    const [row] = await queryRows<DeliveryRow>(
      this.uow.manager,
      `SELECT * FROM "${S}"."deliveries" WHERE "idempotency_key" = $1`,
      [key],
    );
    return row ? toDelivery(row) : undefined;
  }

  async findSmsByProviderId(providerMessageId: string): Promise<Delivery | undefined> {
    const [row] = await queryRows<DeliveryRow>(
      this.uow.manager,
      `SELECT * FROM "${S}"."deliveries" WHERE "channel" = 'sms' AND "provider_message_id" = $1`,
      [providerMessageId],
    );
    return row ? toDelivery(row) : undefined;
  }

  async record(d: NewDelivery & { idempotencyKey: string }, at: Date): Promise<boolean> {
    const rows = await queryRows(
      this.uow.transaction.requireManager(),
      `INSERT INTO "${S}"."deliveries" ("idempotency_key","invitation_id","concertation_id","case_id","sequence","kind","channel","status","attempts","created_at")
       VALUES ($1,$2,$3,$4,$5,$6,$7,'queued',0,$8) ON CONFLICT DO NOTHING RETURNING "idempotency_key"`,
      [d.idempotencyKey, d.invitationId, d.concertationId, d.caseId, d.sequence, d.kind, d.channel, at],
    );
    return rows.length === 1;
  }

  async claim(key: string, now: Date, leaseUntil: Date): Promise<number | undefined> {
    const rows = await queryRows<{ attempts: number }>(
      this.uow.manager,
      `UPDATE "${S}"."deliveries" SET "attempts" = "attempts" + 1, "claimed_until" = $2
        WHERE "idempotency_key" = $1 AND "status" = 'queued' AND ("claimed_until" IS NULL OR "claimed_until" <= $3) RETURNING "attempts"`,
      [key, leaseUntil, now],
    );
    return rows[0]?.attempts;
  }

  async release(key: string, code: string): Promise<void> {
    await this.uow.manager.query(
      `UPDATE "${S}"."deliveries" SET "claimed_until" = NULL, "last_error_code" = $2 WHERE "idempotency_key" = $1 AND "status" = 'queued'`,
      [key, code.slice(0, 64)],
    );
  }

  async markSent(key: string, at: Date, providerMessageId: string): Promise<boolean> {
    const rows = await queryRows(
      this.uow.transaction.requireManager(),
      `UPDATE "${S}"."deliveries" SET "status" = 'sent', "sent_at" = $2, "provider_message_id" = $3, "claimed_until" = NULL, "last_error_code" = NULL
        WHERE "idempotency_key" = $1 AND "status" = 'queued' RETURNING "idempotency_key"`,
      [key, at, providerMessageId.slice(0, 200)],
    );
    return rows.length === 1;
  }

  async queuedOfCase(caseId: string): Promise<Delivery[]> {
    const rows = await queryRows<DeliveryRow>(
      this.uow.manager,
      `SELECT * FROM "${S}"."deliveries" WHERE "case_id" = $1 AND "status" = 'queued' ORDER BY "created_at"`,
      [caseId],
    );
    return rows.map(toDelivery);
  }

  async settle(key: string, status: 'failed' | 'skipped' | 'cancelled', code: string): Promise<boolean> {
    const rows = await queryRows(
      this.uow.transaction.requireManager(),
      `UPDATE "${S}"."deliveries" SET "status" = $2, "last_error_code" = $3, "claimed_until" = NULL WHERE "idempotency_key" = $1 AND "status" = 'queued' RETURNING "idempotency_key"`,
      [key, status, code.slice(0, 64)],
    );
    return rows.length === 1;
  }

  async markDelivered(key: string, at: Date): Promise<Delivery | undefined> {
    const [row] = await queryRows<DeliveryRow>(
      this.uow.transaction.requireManager(),
      `UPDATE "${S}"."deliveries" SET "delivered_at" = $2 WHERE "idempotency_key" = $1 AND "status" = 'sent' AND "delivered_at" IS NULL RETURNING *`,
      [key, at],
    );
    return row ? toDelivery(row) : undefined;
  }

  async markUndelivered(key: string, code: string): Promise<Delivery | undefined> {
    const [row] = await queryRows<DeliveryRow>(
      this.uow.transaction.requireManager(),
      `UPDATE "${S}"."deliveries" SET "status" = 'failed', "last_error_code" = $2 WHERE "idempotency_key" = $1 AND "status" = 'sent' AND "delivered_at" IS NULL RETURNING *`,
      [key, code],
    );
    return row ? toDelivery(row) : undefined;
  }

  async channelsTried(invitationId: string, sequence: number, kind: MessageKind): Promise<InvitationChannel[]> {
    const rows = await queryRows<{ channel: InvitationChannel }>(
      this.uow.manager,
      `SELECT DISTINCT "channel" FROM "${S}"."deliveries" WHERE "invitation_id" = $1 AND "sequence" = $2 AND "kind" = $3`,
      [invitationId, sequence, kind],
    );
    return rows.map((r) => r.channel);
  }

  invitationAttempts(
    invitationId: string,
    sequence: number,
  ): Promise<Array<{ channel: InvitationChannel; status: DeliveryStatus }>> {
    return queryRows<{ channel: InvitationChannel; status: DeliveryStatus }>(
      this.uow.manager,
      `SELECT "channel","status" FROM "${S}"."deliveries" WHERE "invitation_id" = $1 AND "sequence" = $2 AND "kind" IN ('invitation','update') ORDER BY "created_at"`,
      [invitationId, sequence],
    );
  }

  async unclaimedQueued(now: Date, limit: number): Promise<string[]> {
    const rows = await queryRows<{ idempotency_key: string }>(
      this.uow.manager,
      `SELECT "idempotency_key" FROM "${S}"."deliveries" WHERE "status" = 'queued' AND ("claimed_until" IS NULL OR "claimed_until" <= $1) ORDER BY "created_at" LIMIT ${Math.max(1, Math.floor(limit))}`,
      [now],
    );
    return rows.map((r) => r.idempotency_key);
  }
}
