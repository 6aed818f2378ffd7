import { Command } from '@nestjs/cqrs';
import type { InvitationAnsweredV1 } from '#concerto/contracts';

/**
 * An answer came through a link: no more chasing; reminders go only to those who come; written
 * input is acknowledged once per meeting version (the ledger's key absorbs a redelivered event
 * and a second answer through the same link).
 */
export class RecordInvitationAnswerCommand extends Command<void> {
  constructor(readonly answer: InvitationAnsweredV1) {
    super();
  }
}
