import { Command } from '@nestjs/cqrs';
import type { ConsentChangedV1 } from '#concerto/contracts';

/**
 * The person's consent changed (scheduling's consent.changed): remember it, and if it now covers
 * fewer people, stop at once what was waiting for them (messages, reminders, the no-answer chain,
 * the coordinator's letters and calls).
 */
export class RecordCaseConsentCommand extends Command<void> {
  constructor(readonly change: ConsentChangedV1) {
    super();
  }
}
