import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

export interface IssuedPersonLink {
  url: string;
  expiresAt: string;
  participantId: string;
  /**
   * Who the link is being sent to, each with a link of their own: the holder and, for the
   * person's link, the close ones the consent shares the case's status with. Empty when the
   * coordinator only hands it over.
   */
  sentTo: string[];
}

/**
 * A coordinator makes the person's own link, for the person or a family member at their table:
 * sent to them on their channel by the notifications service, and returned to hand over or print.
 */
export class IssuePersonLinkCommand extends Command<IssuedPersonLink> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly participantId: string | undefined,
    readonly send = true,
  ) {
    super();
  }
}
