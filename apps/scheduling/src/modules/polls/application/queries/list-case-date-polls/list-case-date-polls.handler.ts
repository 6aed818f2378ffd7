import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { DatePollRepository } from '../../date-poll.repository.js';
import { type DatePollSummary, ListCaseDatePollsQuery } from './list-case-date-polls.query.js';

@QueryHandler(ListCaseDatePollsQuery)
export class ListCaseDatePollsHandler implements IQueryHandler<ListCaseDatePollsQuery> {
  constructor(
    private readonly polls: DatePollRepository,
    private readonly access: CaseAccess,
  ) {}

  async execute({ caseId, principal }: ListCaseDatePollsQuery): Promise<{ polls: DatePollSummary[] }> {
    await this.access.requireCoordinator(caseId, principal, 'read-date-poll', 'read');
    const records = await this.polls.listForCase(caseId);
    return {
      polls: records.map(({ poll, concertationId }) => {
        const s = poll.snapshot;
        const chosen = s.outcome?.chosenOption;
        return {
          id: s.id,
          status: s.status,
          closesAt: s.closesAt.toISOString(),
          options: s.options.map((o) => ({ start: o.start.toISOString(), end: o.end.toISOString() })),
          invited: s.invitations.length,
          answered: s.invitations.filter((i) => s.answers[i.id] !== undefined).length,
          ...(chosen !== undefined && s.options[chosen] ? { chosenStart: s.options[chosen].start.toISOString() } : {}),
          concertationId: concertationId ?? null,
        };
      }),
    };
  }
}
