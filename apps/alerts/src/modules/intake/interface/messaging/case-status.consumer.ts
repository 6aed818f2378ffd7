import { Injectable } from '@nestjs/common';
import { Topic } from '#concerto/contracts';
import { IdempotentConsumer, type MessageTransport } from '#concerto/messaging';
import { CaseIndexRepository } from '../../application/ports/case-index.repository.js';

export const CASE_STATUS_GROUP = 'alerts.case-status';

/**
 * Keeps the intake's view of each case (status, owner) current, so a further alert about the
 * person answers with the real status and the reporter sees who owns the situation.
 */
@Injectable()
export class CaseStatusConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly caseIndex: CaseIndexRepository,
  ) {}

  register(transport: MessageTransport): void {
    transport.subscribe({
      group: CASE_STATUS_GROUP,
      topics: [Topic.casesCaseV1],
      handler: async (message) => {
        await this.consumer.consumeEvents(message, {
          'case.opened': (d) =>
            d.previousCaseId
              ? this.caseIndex.followingCaseOpened({
                  caseId: d.caseId,
                  previousCaseId: d.previousCaseId,
                  personRef: d.personRef,
                  bassinId: d.bassinId,
                  ownerId: d.ownerId,
                  openedAt: new Date(d.openedAt),
                })
              : this.caseIndex.caseOpened(d.caseId, d.ownerId, d.bassinId),
          'case.acknowledged': (d) => this.caseIndex.caseAcknowledged(d.caseId, d.acknowledgedBy),
          'case.escalated': (d) => this.caseIndex.caseEscalated(d.caseId, d.escalatedTo),
          'case.closed': (d) => this.caseIndex.caseClosed(d.caseId, new Date(d.closedAt)),
          'case.reopened': (d) => this.caseIndex.caseReopened(d.caseId, d.ownerId, d.status),
          'case.transferred': (d) => this.caseIndex.caseTransferred(d.caseId, d.toBassin, d.ownerId),
          'case.merged': (d) => this.caseIndex.caseMerged(d.mergedCaseId, d.caseId),
          'case.split': (d) => this.caseIndex.caseSplit(d.restoredCaseId),
        });
      },
    });
  }
}
