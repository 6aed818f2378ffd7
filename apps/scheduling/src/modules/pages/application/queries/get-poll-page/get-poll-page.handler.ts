import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { DIRECTORY_READ_API, type DirectoryReadApi } from '#concerto/contracts';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { PollLinks } from '../../../../polls/application/poll-links.js';
import { GetPollLinkQuery } from '../../../../polls/application/queries/get-poll-link/get-poll-link.query.js';
import { GetPollPageQuery, type PollPage } from './get-poll-page.query.js';

@QueryHandler(GetPollPageQuery)
export class GetPollPageHandler implements IQueryHandler<GetPollPageQuery> {
  constructor(
    private readonly queries: QueryBus,
    private readonly links: PollLinks,
    private readonly team: CareTeam,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  async execute({ token }: GetPollPageQuery): Promise<PollPage> {
    const poll = await this.queries.execute(new GetPollLinkQuery(token));
    const { record, invitationId } = await this.links.verify(token);
    const s = record.poll.snapshot;
    const participantId = s.invitations.find((i) => i.id === invitationId)?.participantId;
    const invitee = (await this.team.list(s.caseId)).find((p) => p.id === participantId);
    const organizer = await this.directory.findProfessional(record.createdBy).catch(() => undefined);
    return {
      language: invitee?.language ?? 'fr',
      poll,
      organizer: {
        ...(organizer?.displayName ? { name: organizer.displayName } : {}),
        ...(this.config.COORDINATION_PHONE ? { phone: this.config.COORDINATION_PHONE } : {}),
      },
    };
  }
}
