import { Query } from '@nestjs/cqrs';
import type { InvitationRefV1 } from '#concerto/contracts';

/** What notifications knows of one invitee besides the event (ids only). */
export interface InviteeProfile {
  participantKind?: string;
  professionalId?: string;
  /** Same organisation, same role: candidate substitutes (directory ids). Undefined when unknown. */
  colleagues?: string[];
  bassinId?: string;
}
export type InviteeProfiles = Map<string, InviteeProfile>;

/**
 * Read before the transaction opens: who each invitee is, and who could stand in for a
 * professional. `bassinId` is the case's, as the event gives it.
 */
export class DescribeInviteesQuery extends Query<InviteeProfiles> {
  constructor(
    readonly invitations: readonly InvitationRefV1[],
    readonly bassinId?: string,
  ) {
    super();
  }
}
