import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Topic } from '#concerto/contracts';
import { IdempotentConsumer, type MessageTransport, type TransportMessage } from '#concerto/messaging';
import { NOTIFICATIONS_CASES_GROUP } from '../../../../notifications.tokens.js';
import type { PageCaseOwnerCommand } from '../../application/commands/page-case-owner/page-case-owner.command.js';
import { RecordPagedCaseAcknowledgedCommand } from '../../application/commands/record-paged-case-acknowledged/record-paged-case-acknowledged.command.js';
import { PagePlanner } from '../../application/services/page-planner.js';
import { CaseFeedbackMessages } from '../../application/services/case-feedback-messages.js';
import { TellReportersCommand } from '../../application/commands/tell-reporters/tell-reporters.command.js';
import { RecordCaseBassinCommand } from '../../application/commands/record-case-bassin/record-case-bassin.command.js';
import { RecordCaseMergedCommand } from '../../application/commands/record-case-merged/record-case-merged.command.js';
import { RecordCaseTransferredCommand } from '../../application/commands/record-case-transferred/record-case-transferred.command.js';

/**
 * Follows the cases: their bassins (who may read a case's coordinator tasks), the pages their
 * signals call for, and what their reporters are told (owned, then closed).
 */
@Injectable()
export class CaseEventsConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly commands: CommandBus,
    private readonly planner: PagePlanner,
    private readonly feedback: CaseFeedbackMessages,
  ) {}

  register(transport: MessageTransport): void {
    transport.subscribe({
      group: NOTIFICATIONS_CASES_GROUP,
      topics: [Topic.casesCaseV1],
      handler: (m) => this.onCaseEvent(m).then(() => undefined),
    });
  }

  onCaseEvent(message: TransportMessage): Promise<'applied' | 'duplicate'> {
    // Who is paged is read from the directory before the transaction (prepare); the page, its
    // deliveries and the inbox entry then commit together: a crash pages on redelivery, never twice.
    return this.consumer.consumeEvents(message, {
      'case.opened': {
        prepare: async (data) => {
          const page = await this.planner.opened(data);
          return async () => {
            await this.commands.execute(new RecordCaseBassinCommand(data.caseId, data.bassinId, data.openedAt));
            await this.commands.execute(page);
          };
        },
      },
      // A join is paged from case.signal-received (its own due time), never also from alert.attached.
      'case.signal-received': { prepare: async (data) => this.pageIfAny(await this.planner.signalReceived(data)) },
      'case.deadline-passed': { prepare: async (data) => this.pageIfAny(await this.planner.deadlinePassed(data)) },
      'case.escalated': { prepare: async (data) => this.pageIfAny(await this.planner.escalated(data)) },
      // A transfer: the case's tasks follow it to the new bassin, whose owner is paged to acknowledge it.
      'case.transferred': {
        prepare: async (data) => {
          const page = await this.planner.transferred(data);
          return async () => {
            await this.commands.execute(new RecordCaseTransferredCommand(data.caseId, data.toBassin));
            if (page) {
              await this.commands.execute(page);
            }
          };
        },
      },
      // A merged case pages nobody: its pending signals are the survivor's (paged there from
      // case.signal-received); its own pages not yet sent are dropped. A split restores it.
      'case.merged': (data) => this.commands.execute(new RecordCaseMergedCommand(data.mergedCaseId, data.caseId)),
      'case.split': (data) => this.commands.execute(new RecordCaseMergedCommand(data.restoredCaseId, undefined)),
      // The reporters of the signals acknowledged are told, once each, that someone owns the case.
      'case.acknowledged': {
        prepare: async (data) => {
          const told = await this.feedback.plan(data.caseId, data.reporterIds ?? [], 'owned');
          return async () => {
            await this.commands.execute(new RecordPagedCaseAcknowledgedCommand(data.caseId, data.acknowledgedBy));
            await this.commands.execute(new TellReportersCommand(told));
          };
        },
      },
      // And, at the end, that it closed: status only.
      'case.closed': {
        prepare: async (data) => {
          const told = await this.feedback.plan(data.caseId, data.reporterIds, 'closed');
          return async () => {
            await this.commands.execute(new TellReportersCommand(told));
          };
        },
      },
    });
  }

  private pageIfAny(page: PageCaseOwnerCommand | undefined): () => Promise<void> {
    return async () => {
      if (page) {
        await this.commands.execute(page);
      }
    };
  }
}
