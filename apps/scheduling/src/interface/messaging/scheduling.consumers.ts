import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type AlertAttachedV1, type CaseAcknowledgedV1, type CaseOpenedV1, type InvitationDeliveryV1, type PersonIdentity, Topic } from '#concerto/contracts';
import { IdempotentConsumer, type MessageTransport } from '#concerto/messaging';
import { CareTeamService } from '../../modules/care-team/application/care-team.service.js';
import { MarkInvitationDeliveryCommand } from '../../modules/concertations/application/commands/mark-invitation-delivery/mark-invitation-delivery.command.js';

export const SCHEDULING_CASES_GROUP = 'scheduling.case-view';
export const SCHEDULING_DELIVERY_GROUP = 'scheduling.delivery-status';

/** Keeps scheduling's view of cases, seats the person at the table, and follows delivery outcomes. */
@Injectable()
export class SchedulingConsumers {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly team: CareTeamService,
    private readonly commands: CommandBus,
  ) {}

  register(transport: MessageTransport): void {
    transport.subscribe({
      group: SCHEDULING_CASES_GROUP,
      topics: [Topic.casesCaseV1],
      handler: async (message) => {
        await this.consumer.consume<PersonIdentity | undefined>(
          message,
          async (env, scope, identity) => {
          if (env.type === 'case.opened') {
            const d = env.data as CaseOpenedV1;
            await scope.manager.query(
              `INSERT INTO "scheduling"."case_view" ("case_id","bassin_id","person_ref","deadline","owner_id","opened_at") VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`,
              [d.caseId, d.bassinId, d.personRef, d.deadline ?? null, d.ownerId, d.openedAt],
            );
            await this.team.addThePerson(scope.manager, d.caseId, identity);
          } else if (env.type === 'alert.attached') {
            const d = env.data as AlertAttachedV1;
            if (d.deadline) {
              // A later alert brought the discharge date (or an earlier one): slot searches stop before it.
              await scope.manager.query(
                `UPDATE "scheduling"."case_view" SET "deadline" = $2 WHERE "case_id" = $1 AND ("deadline" IS NULL OR "deadline" > $2)`,
                [d.caseId, d.deadline],
              );
            }
          } else if (env.type === 'case.acknowledged') {
            const d = env.data as CaseAcknowledgedV1;
            await scope.manager.query(`UPDATE "scheduling"."case_view" SET "owner_id" = $2 WHERE "case_id" = $1`, [d.caseId, d.acknowledgedBy]);
          }
          },
          (env) => (env.type === 'case.opened' ? this.team.identify((env.data as CaseOpenedV1).personRef) : Promise.resolve(undefined)),
        );
      },
    });
    transport.subscribe({
      group: SCHEDULING_DELIVERY_GROUP,
      topics: [Topic.notificationsDeliveryV1],
      handler: async (message) => {
        await this.consumer.consume(message, async (env, scope) => {
          const d = env.data as InvitationDeliveryV1;
          const status = env.type === 'invitation.sent' ? 'sent' : env.type === 'invitation.delivered' ? 'delivered' : env.type === 'invitation.failed' ? 'failed' : undefined;
          if (status && (d.purpose === 'invitation' || d.purpose === 'update')) {
            await this.commands.execute(new MarkInvitationDeliveryCommand(d.invitationId, status));
          }
        });
      },
    });
  }
}
