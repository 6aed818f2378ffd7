import { Command } from '@nestjs/cqrs';
import type { PlannedFollowUp } from '../../../domain/follow-up-message.js';

/** Records and queues the follow-up messages planned for one event: once per (event, recipient). */
export class QueueFollowUpMessagesCommand extends Command<number> {
  constructor(readonly planned: readonly PlannedFollowUp[]) {
    super();
  }
}
