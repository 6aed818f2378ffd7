import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

export interface IssuedPersonLink {
  url: string;
  expiresAt: string;
  participantId: string;
}

/** A coordinator makes the person's own link, for the person or a family member at their table, to hand over or print. */
export class IssuePersonLinkCommand extends Command<IssuedPersonLink> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly participantId: string | undefined,
  ) {
    super();
  }
}
