import { Command } from '@nestjs/cqrs';
import type { EscalationStep } from '../../../domain/invitation-planning.js';

/** Still no answer: one step of the chain (another channel, a substitute, the coordinator), then the next check. */
export class ChaseUnansweredInvitationCommand extends Command<void> {
  constructor(
    readonly invitationId: string,
    readonly sequence: number,
    readonly step: EscalationStep,
  ) {
    super();
  }
}
