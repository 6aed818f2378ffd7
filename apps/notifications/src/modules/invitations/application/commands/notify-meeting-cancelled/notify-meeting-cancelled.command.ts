import { Command } from '@nestjs/cqrs';
import type { ConcertationCancelledV1 } from '#concerto/contracts';

/** The meeting was cancelled: every invitee is told (METHOD:CANCEL), and nothing else is sent about it. */
export class NotifyMeetingCancelledCommand extends Command<void> {
  constructor(
    readonly meeting: Pick<ConcertationCancelledV1, 'concertationId' | 'caseId' | 'sequence' | 'invitations'>,
  ) {
    super();
  }
}
