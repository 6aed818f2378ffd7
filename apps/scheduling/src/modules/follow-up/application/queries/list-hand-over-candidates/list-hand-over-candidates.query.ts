import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

export interface HandOverCandidates {
  /** False when the consent does not share the care team with this owner: they can only hand over to an organisation id they know. */
  teamShared: boolean;
  participants: Array<{ participantId: string; kind: string; displayName: string; role?: string }>;
  organisations: Array<{ organisationId: string }>;
}

/** Whom the owner of an action item may hand it over to: names and roles only, within the consent. */
export class ListHandOverCandidatesQuery extends Query<HandOverCandidates> {
  constructor(
    readonly itemId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
