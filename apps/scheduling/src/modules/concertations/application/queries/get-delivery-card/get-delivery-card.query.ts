import { Query } from '@nestjs/cqrs';
import type { InvitationDeliveryCard } from '#concerto/contracts';

/** Everything notifications needs to write to one invitee: read through the internal API, never put in an event. */
export class GetDeliveryCardQuery extends Query<InvitationDeliveryCard | undefined> {
  constructor(readonly invitationId: string) {
    super();
  }
}
