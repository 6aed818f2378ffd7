import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ConcertationRecordView } from '../../record.view.js';
import type { RecordInput } from '../../follow-up.inputs.js';

/** A new version of a record; once locked, with a reason. The previous version is kept and the change audited. */
export class AmendConcertationRecordCommand extends Command<ConcertationRecordView> {
  constructor(
    readonly concertationId: string,
    readonly principal: Principal,
    readonly input: RecordInput,
  ) {
    super();
  }
}
