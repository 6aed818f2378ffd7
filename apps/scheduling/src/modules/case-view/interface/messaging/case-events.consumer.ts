import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Topic } from '#concerto/contracts';
import { IdempotentConsumer, type MessageTransport } from '#concerto/messaging';
import { SeatThePersonCommand } from '../../../care-team/application/commands/seat-the-person/seat-the-person.command.js';
import { IdentifyPersonQuery } from '../../../care-team/application/queries/identify-person/identify-person.query.js';
import { WithdrawCaseActionItemsCommand } from '../../../follow-up/application/commands/withdraw-case-action-items/withdraw-case-action-items.command.js';
import { DropCaseDeadlineCommand } from '../../application/commands/drop-case-deadline/drop-case-deadline.command.js';
import { RecordCaseDeadlineCommand } from '../../application/commands/record-case-deadline/record-case-deadline.command.js';
import { RecordCaseOpenedCommand } from '../../application/commands/record-case-opened/record-case-opened.command.js';
import { RecordCaseOwnerCommand } from '../../application/commands/record-case-owner/record-case-owner.command.js';
import { RecordCaseTransferredCommand } from '../../application/commands/record-case-transferred/record-case-transferred.command.js';

export const SCHEDULING_CASES_GROUP = 'scheduling.case-view';

/** Keeps scheduling's view of cases and seats the person at the table when their case opens. */
@Injectable()
export class CaseEventsConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  register(transport: MessageTransport): void {
    transport.subscribe({
      group: SCHEDULING_CASES_GROUP,
      topics: [Topic.casesCaseV1],
      handler: async (message) => {
        await this.consumer.consumeEvents(message, {
          'case.opened': {
            // The person's identity comes from another service: read before the transaction opens.
            prepare: async (d) => {
              const identity = await this.queries.execute(new IdentifyPersonQuery(d.personRef));
              return async () => {
                await this.commands.execute(
                  new RecordCaseOpenedCommand({
                    caseId: d.caseId,
                    bassinId: d.bassinId,
                    personRef: d.personRef,
                    ownerId: d.ownerId,
                    openedAt: new Date(d.openedAt),
                  }),
                );
                await this.commands.execute(new SeatThePersonCommand(d.caseId, identity));
              };
            },
          },
          // A case's dates are its deadlines (any number); the earliest future one bounds a meeting.
          'case.deadline-set': (d) =>
            this.commands.execute(new RecordCaseDeadlineCommand(d.caseId, d.deadlineId, new Date(d.dueAt))),
          'case.deadline-corrected': (d) =>
            this.commands.execute(new RecordCaseDeadlineCommand(d.caseId, d.deadlineId, new Date(d.dueAt))),
          'case.deadline-dismissed': (d) => this.commands.execute(new DropCaseDeadlineCommand(d.caseId, d.deadlineId)),
          'case.acknowledged': (d) => this.commands.execute(new RecordCaseOwnerCommand(d.caseId, d.acknowledgedBy)),
          // A transferred case belongs to its new bassin's coordinators here too (care team, consent, meetings).
          'case.transferred': (d) =>
            this.commands.execute(new RecordCaseTransferredCommand(d.caseId, d.toBassin, d.ownerId)),
          // Closed with items left open (an override): they are withdrawn and stop reminding anyone.
          'case.closed': async (d) => {
            await this.commands.execute(new WithdrawCaseActionItemsCommand(d.caseId, d.closedBy, new Date(d.closedAt)));
          },
        });
      },
    });
  }
}
