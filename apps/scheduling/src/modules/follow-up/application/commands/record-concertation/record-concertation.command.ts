import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ConcertationRecordView } from '../../record.view.js';
import type { RecordInput } from '../../follow-up.inputs.js';

/** The coordinator records a concertation held (with everything R09 asks) or not held. */
export class RecordConcertationCommand extends Command<ConcertationRecordView> {
  constructor(
    readonly concertationId: string,
    readonly principal: Principal,
    readonly input: RecordInput,
  ) {
    super();
  }
}
