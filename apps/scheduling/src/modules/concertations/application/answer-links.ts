import { Injectable } from '@nestjs/common';
import { AppException } from '#concerto/ddd';
import type { Concertation } from '../domain/concertation.aggregate.js';
import { ConcertationRepository } from '../domain/concertation.repository.js';
import { AnswerLinkTokens } from './answer-link-tokens.js';
import { Invitees } from './invitees.js';

/** The answer links of meeting invitations (short or signed): which meeting and invitation a link is for, if it still holds. */
@Injectable()
export class AnswerLinks {
  constructor(
    private readonly links: AnswerLinkTokens,
    private readonly concertations: ConcertationRepository,
    private readonly invitees: Invitees,
  ) {}

  async verify(token: string, options: { forUpdate?: boolean } = {}) {
    const claims = await this.links.peek(token);
    const meeting: Concertation | undefined =
      claims && claims.action !== 'poll' ? await this.concertations.find(claims.meetingId, options) : undefined;
    if (!claims || !meeting) {
      throw new AppException('LINK_NOT_FOUND', 'not-found', 'This link is not valid.');
    }
    const verified = await this.links.verify(token, {
      action: claims.action,
      meetingId: meeting.id,
      currentSequence: meeting.snapshot.sequence,
    });
    if (!verified.ok) {
      throw verified.reason === 'expired' || verified.reason === 'stale-sequence'
        ? new AppException(
            'LINK_NO_LONGER_VALID',
            'conflict',
            'The meeting has changed or this link has expired: please use the link in your latest invitation.',
          )
        : new AppException('LINK_NOT_FOUND', 'not-found', 'This link is not valid.');
    }
    const invitation = meeting.snapshot.invitations.find((i) => i.id === claims.invitationId);
    if (!invitation) {
      throw new AppException('LINK_NOT_FOUND', 'not-found', 'This link is not valid.');
    }
    if (meeting.snapshot.status === 'cancelled') {
      throw new AppException('CONCERTATION_CANCELLED', 'conflict', 'This meeting was cancelled.');
    }
    // Restricted mode (R06): a link the consent no longer covers shows nothing and records
    // nothing, with the same neutral answer as an outdated link (no word of a refusal).
    if (!(await this.invitees.covers(meeting.snapshot.caseId, invitation.participantId))) {
      throw new AppException(
        'LINK_NO_LONGER_VALID',
        'conflict',
        'The meeting has changed or this link has expired: please use the link in your latest invitation.',
      );
    }
    return { meeting, claims: verified.claims, invitation };
  }
}
