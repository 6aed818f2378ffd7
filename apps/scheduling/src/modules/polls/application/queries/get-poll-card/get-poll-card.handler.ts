import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import type { PollInvitationCard } from '#concerto/contracts';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { AnswerLinkTokens } from '../../../../concertations/application/answer-link-tokens.js';
import { Invitees } from '../../../../concertations/application/invitees.js';
import { MeetingLocations } from '../../../../concertations/application/meeting-locations.js';
import { DatePollRepository } from '../../date-poll.repository.js';
import { GetPollCardQuery } from './get-poll-card.query.js';

@QueryHandler(GetPollCardQuery)
export class GetPollCardHandler implements IQueryHandler<GetPollCardQuery> {
  constructor(
    private readonly polls: DatePollRepository,
    private readonly access: CaseAccess,
    private readonly team: CareTeam,
    private readonly links: AnswerLinkTokens,
    private readonly invitees: Invitees,
    private readonly places: MeetingLocations,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  async execute({ invitationId }: GetPollCardQuery): Promise<PollInvitationCard | undefined> {
    const record = await this.polls.findByInvitation(invitationId);
    if (!record) {
      return undefined;
    }
    const s = record.poll.snapshot;
    const invitation = s.invitations.find((i) => i.id === invitationId)!;
    const view = await this.access.find(s.caseId);
    const covered = await this.invitees.covers(s.caseId, invitation.participantId);
    const recipient = covered
      ? (await this.team.list(s.caseId)).find((p) => p.id === invitation.participantId)
      : undefined;
    const token = await this.links.issue({
      invitationId,
      meetingId: s.id,
      meetingSequence: 0,
      action: 'poll',
      expiresAt: s.closesAt,
    });
    return {
      invitationId,
      pollId: s.id,
      caseId: s.caseId,
      bassinId: view?.bassinId ?? '',
      status: s.status,
      closesAt: s.closesAt.toISOString(),
      options: s.options.map((o) => ({ start: o.start.toISOString(), end: o.end.toISOString() })),
      location: await this.places.describe(view?.bassinId, record.location),
      organizerId: record.createdBy,
      ...(recipient ? { recipient } : {}),
      ...(covered ? {} : { consentWithdrawn: true }),
      answerUrl: `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/p/${token}`,
    };
  }
}
