import { Injectable } from '@nestjs/common';
import { AppException } from '#concerto/ddd';
import { AnswerLinkTokens } from '../../concertations/application/answer-link-tokens.js';
import { Invitees } from '../../concertations/application/invitees.js';
import { DatePollRepository, type PollRecord } from './date-poll.repository.js';

/** The answer links of date polls (short or signed): which poll and invitation a link is for, while the poll is open. */
@Injectable()
export class PollLinks {
  constructor(
    private readonly links: AnswerLinkTokens,
    private readonly polls: DatePollRepository,
    private readonly invitees: Invitees,
  ) {}

  async verify(
    token: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<{ record: PollRecord; invitationId: string }> {
    const claims = await this.links.peek(token);
    const record = claims?.action === 'poll' ? await this.polls.find(claims.meetingId, options) : undefined;
    const check =
      record && claims
        ? await this.links.verify(token, { action: 'poll', meetingId: record.poll.id, currentSequence: 0 })
        : undefined;
    if (
      !record ||
      !claims ||
      !check?.ok ||
      !record.poll.snapshot.invitations.some((i) => i.id === claims.invitationId)
    ) {
      throw check && !check.ok && check.reason === 'expired'
        ? new AppException('POLL_CLOSED', 'conflict', 'This date poll is closed.')
        : new AppException('LINK_NOT_FOUND', 'not-found', 'This link is not valid.');
    }
    const invitation = record.poll.snapshot.invitations.find((i) => i.id === claims.invitationId)!;
    // Restricted mode (R06): the same neutral answer as a closed poll, no word of a refusal.
    if (!(await this.invitees.covers(record.poll.snapshot.caseId, invitation.participantId))) {
      throw new AppException('POLL_CLOSED', 'conflict', 'This date poll is closed.');
    }
    return { record, invitationId: claims.invitationId };
  }
}
