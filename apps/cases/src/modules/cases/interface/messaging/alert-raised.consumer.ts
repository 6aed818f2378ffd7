import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type AlertRaisedV1, Topic } from '#concerto/contracts';
import { IdempotentConsumer, MessageTransport } from '#concerto/messaging';
import { HandleAlertRaisedCommand } from '../../application/commands/handle-alert-raised/handle-alert-raised.command.js';

export const CASES_INTAKE_GROUP = 'cases.intake';

/** Thin and idempotent: contract check and inbox, then one command in the same transaction. */
@Injectable()
export class AlertRaisedConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly commands: CommandBus,
  ) {}

  register(transport: MessageTransport): void {
    transport.subscribe({
      group: CASES_INTAKE_GROUP,
      topics: [Topic.alertsAlertV1],
      handler: async (message) => {
        await this.consumer.consume(message, async (env, scope) => {
          if (env.type === 'alert.raised') {
            await this.commands.execute(new HandleAlertRaisedCommand(env.data as AlertRaisedV1, scope));
          }
        });
      },
    });
  }
}
