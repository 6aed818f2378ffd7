import { Query } from '@nestjs/cqrs';
import type { PollInvitationCard } from '#concerto/contracts';

/** What notifications writes to one poll invitee: read through the internal API, never put in an event. */
export class GetPollCardQuery extends Query<PollInvitationCard | undefined> {
  constructor(readonly invitationId: string) {
    super();
  }
}
