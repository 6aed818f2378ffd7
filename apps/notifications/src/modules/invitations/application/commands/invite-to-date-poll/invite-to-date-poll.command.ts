import { Command } from '@nestjs/cqrs';
import type { ConcertationProposedV1 } from '#concerto/contracts';

/**
 * A date poll was opened: each invitee is asked for the dates that suit them, on their best
 * channel. Nothing else is planned: the poll's closing timer (in scheduling) fixes the meeting,
 * whose invitations then follow the usual path. A message still queued when the poll closes is
 * skipped when its turn comes.
 */
export class InviteToDatePollCommand extends Command<void> {
  constructor(readonly poll: Pick<ConcertationProposedV1, 'pollId' | 'caseId' | 'invitations'>) {
    super();
  }
}
