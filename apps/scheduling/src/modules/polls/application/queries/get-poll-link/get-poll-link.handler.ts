import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PollLinks } from '../../poll-links.js';
import { GetPollLinkQuery, type PollLinkView } from './get-poll-link.query.js';

@QueryHandler(GetPollLinkQuery)
export class GetPollLinkHandler implements IQueryHandler<GetPollLinkQuery> {
  constructor(private readonly links: PollLinks) {}

  async execute({ token }: GetPollLinkQuery): Promise<PollLinkView> {
    const { record, invitationId } = await this.links.verify(token);
    const s = record.poll.snapshot;
    return {
      options: s.options.map((o) => ({ start: o.start.toISOString(), end: o.end.toISOString() })),
      closesAt: s.closesAt.toISOString(),
      answers: s.answers[invitationId] ?? null,
      status: s.status,
    };
  }
}
