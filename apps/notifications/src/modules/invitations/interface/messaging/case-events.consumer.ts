import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Topic } from '#concerto/contracts';
import { IdempotentConsumer, type MessageTransport, type TransportMessage } from '#concerto/messaging';
import { NOTIFICATIONS_CASES_GROUP } from '../../../../notifications.tokens.js';
import { RecordCaseBassinCommand } from '../../application/commands/record-case-bassin/record-case-bassin.command.js';

/** Follows the cases' bassins: who may read a case's coordinator tasks. */
@Injectable()
export class CaseEventsConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly commands: CommandBus,
  ) {}

  register(transport: MessageTransport): void {
    transport.subscribe({
      group: NOTIFICATIONS_CASES_GROUP,
      topics: [Topic.casesCaseV1],
      handler: (m) => this.onCaseEvent(m).then(() => undefined),
    });
  }

  onCaseEvent(message: TransportMessage): Promise<'applied' | 'duplicate'> {
    return this.consumer.consumeEvents(message, {
      'case.opened': (data) =>
        this.commands.execute(new RecordCaseBassinCommand(data.caseId, data.bassinId, data.openedAt)),
    });
  }
}
