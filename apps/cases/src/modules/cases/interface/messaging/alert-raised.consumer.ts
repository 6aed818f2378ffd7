import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Topic } from '#concerto/contracts';
import { IdempotentConsumer, type MessageTransport } from '#concerto/messaging';
import { RecordAlertDeadlineCommand } from '../../application/commands/record-alert-deadline/record-alert-deadline.command.js';
import { OpenOrJoinCaseCommand } from '../../application/commands/open-or-join-case/open-or-join-case.command.js';
import { RecordPossibleMatchCommand } from '../../application/commands/record-possible-match/record-possible-match.command.js';
import { ReporterRoleQuery } from '../../application/queries/reporter-role/reporter-role.query.js';

export const CASES_INTAKE_GROUP = 'cases.intake';

/** Thin and idempotent: contract check and inbox, then one command in the same transaction. */
@Injectable()
export class AlertRaisedConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  register(transport: MessageTransport): void {
    transport.subscribe({
      group: CASES_INTAKE_GROUP,
      topics: [Topic.alertsAlertV1],
      handler: async (message) => {
        await this.consumer.consumeEvents(message, {
          'alert.raised': {
            // The directory is another service: read the reporter's role before the transaction opens.
            prepare: async (alert) => {
              const role = await this.queries.execute(new ReporterRoleQuery(alert.reporterId));
              return async () => {
                // The case the alert landed on (a new one when the intake's view of the case was stale).
                const { caseId } = await this.commands.execute(new OpenOrJoinCaseCommand(alert, role));
                await this.commands.execute(new RecordAlertDeadlineCommand({ ...alert, caseId }));
              };
            },
          },
          'person.possible-match-found': (found) => this.commands.execute(new RecordPossibleMatchCommand(found)),
        });
      },
    });
  }
}
