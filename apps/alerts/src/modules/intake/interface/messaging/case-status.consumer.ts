import { Injectable } from '@nestjs/common';
import { type CaseAcknowledgedV1, type CaseEscalatedV1, type CaseOpenedV1, type EventEnvelope, Topic } from '#concerto/contracts';
import { IdempotentConsumer, MessageTransport, type TransactionScope } from '#concerto/messaging';

export const CASE_STATUS_GROUP = 'alerts.case-status';

/**
 * Keeps the intake's view of each case (status, owner) current, so a further alert about the
 * person answers with the real status and the reporter sees who owns the situation.
 */
@Injectable()
export class CaseStatusConsumer {
  constructor(private readonly consumer: IdempotentConsumer) {}

  register(transport: MessageTransport): void {
    transport.subscribe({
      group: CASE_STATUS_GROUP,
      topics: [Topic.casesCaseV1],
      handler: (message) => this.consumer.consume(message, (env, scope) => this.apply(env, scope)).then(() => undefined),
    });
  }

  private async apply(env: EventEnvelope, scope: TransactionScope): Promise<void> {
    const m = scope.manager;
    switch (env.type) {
      case 'case.opened': {
        const d = env.data as CaseOpenedV1;
        await m.query(`UPDATE "alerts"."case_index" SET "owner_id" = $2, "bassin_id" = $3 WHERE "case_id" = $1`, [d.caseId, d.ownerId, d.bassinId]);
        return;
      }
      case 'case.acknowledged': {
        const d = env.data as CaseAcknowledgedV1;
        await m.query(`UPDATE "alerts"."case_index" SET "status" = 'acknowledged', "owner_id" = $2 WHERE "case_id" = $1`, [d.caseId, d.acknowledgedBy]);
        return;
      }
      case 'case.escalated': {
        const d = env.data as CaseEscalatedV1;
        await m.query(`UPDATE "alerts"."case_index" SET "status" = 'escalated', "owner_id" = $2 WHERE "case_id" = $1 AND "status" <> 'acknowledged'`, [
          d.caseId,
          d.escalatedTo,
        ]);
        return;
      }
      default:
        return;
    }
  }
}
