import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import type { InvitationDeliveryCard } from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { ConcertationRepository } from '../../../domain/concertation.repository.js';
import { AnswerLinkTokens } from '../../answer-link-tokens.js';
import { Invitees } from '../../invitees.js';
import { MeetingLocations } from '../../meeting-locations.js';
import { ReplyAddresses } from '../../reply-addresses.js';
import { GetDeliveryCardQuery } from './get-delivery-card.query.js';

@QueryHandler(GetDeliveryCardQuery)
export class GetDeliveryCardHandler implements IQueryHandler<GetDeliveryCardQuery> {
  constructor(
    private readonly concertations: ConcertationRepository,
    private readonly access: CaseAccess,
    private readonly team: CareTeam,
    private readonly links: AnswerLinkTokens,
    private readonly invitees: Invitees,
    private readonly replies: ReplyAddresses,
    private readonly places: MeetingLocations,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ invitationId }: GetDeliveryCardQuery): Promise<InvitationDeliveryCard | undefined> {
    const meeting = await this.concertations.findByInvitation(invitationId);
    const invitation = meeting?.snapshot.invitations.find((i) => i.id === invitationId);
    const view = meeting ? await this.access.find(meeting.snapshot.caseId) : undefined;
    if (!meeting || !invitation || !view) {
      return undefined;
    }
    const s = meeting.snapshot;
    // A participant the consent no longer covers gets nothing: no name, no address, no link.
    const covered = await this.invitees.covers(s.caseId, invitation.participantId);
    const participant = covered
      ? (await this.team.list(s.caseId)).find((p) => p.id === invitation.participantId)
      : undefined;
    const expiresAt = new Date(Math.max(s.end.getTime(), this.clock.now().getTime() + 3600_000));
    // Issuing a link stores its hash (idempotent: the same invitation version gives the same token).
    const links = await this.links.links(`${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/a`, {
      invitationId,
      meetingId: s.id,
      meetingSequence: s.sequence,
      expiresAt,
    });
    const replyAddress = covered ? this.replies.addressFor(invitationId) : undefined;
    return {
      invitationId,
      concertationId: s.id,
      caseId: s.caseId,
      bassinId: view.bassinId,
      sequence: s.sequence,
      status: s.status,
      start: s.start.toISOString(),
      end: s.end.toISOString(),
      location: await this.places.describe(view.bassinId, s.location),
      organizerId: s.createdBy,
      invitationStatus: invitation.status,
      ...(participant ? { recipient: participant } : {}),
      ...(covered ? {} : { consentWithdrawn: true }),
      links,
      ...(replyAddress ? { replyAddress } : {}),
    };
  }
}
