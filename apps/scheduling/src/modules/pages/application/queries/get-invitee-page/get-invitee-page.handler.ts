import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { DIRECTORY_READ_API, type DirectoryReadApi } from '#concerto/contracts';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { AnswerLinks } from '../../../../concertations/application/answer-links.js';
import { MeetingLocations } from '../../../../concertations/application/meeting-locations.js';
import { GetAnswerLinkQuery } from '../../../../concertations/application/queries/get-answer-link/get-answer-link.query.js';
import { GetInviteePageQuery, type InviteePage } from './get-invitee-page.query.js';

/**
 * The answer link's own view (GetAnswerLinkQuery: the meeting and what the consent lets this
 * invitee see, audited there), plus what a person needs to act on it: their language, whether
 * the room's street address and access, and who to call.
 */
@QueryHandler(GetInviteePageQuery)
export class GetInviteePageHandler implements IQueryHandler<GetInviteePageQuery> {
  constructor(
    private readonly queries: QueryBus,
    private readonly links: AnswerLinks,
    private readonly team: CareTeam,
    private readonly cases: CaseAccess,
    private readonly places: MeetingLocations,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  async execute({ token }: GetInviteePageQuery): Promise<InviteePage> {
    const info = await this.queries.execute(new GetAnswerLinkQuery(token));
    const { meeting, claims, invitation } = await this.links.verify(token);
    const s = meeting.snapshot;
    const invitee = (await this.team.list(s.caseId)).find((p) => p.id === invitation.participantId);
    const place =
      s.location.kind === 'room'
        ? await this.places.describe((await this.cases.find(s.caseId))?.bassinId, s.location)
        : undefined;
    const organizer = await this.directory.findProfessional(s.createdBy).catch(() => undefined);
    return {
      language: invitee?.language ?? 'fr',
      info,
      action: claims.action,
      place: {
        kind: s.location.kind,
        label: s.location.label,
        ...(place?.address ? { address: place.address } : {}),
        ...(place?.access ? { access: place.access, stepFree: place.access.stepFree } : {}),
      },
      organizer: {
        ...(organizer?.displayName ? { name: organizer.displayName } : {}),
        ...(this.config.COORDINATION_PHONE ? { phone: this.config.COORDINATION_PHONE } : {}),
      },
    };
  }
}
