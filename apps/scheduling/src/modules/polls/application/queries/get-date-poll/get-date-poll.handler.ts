import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AppException } from '#concerto/ddd';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { DatePollRepository } from '../../date-poll.repository.js';
import { toDatePollView } from '../../date-poll.view.js';
import { type DatePollDetail, GetDatePollQuery } from './get-date-poll.query.js';

@QueryHandler(GetDatePollQuery)
export class GetDatePollHandler implements IQueryHandler<GetDatePollQuery> {
  constructor(
    private readonly polls: DatePollRepository,
    private readonly access: CaseAccess,
    private readonly team: CareTeam,
  ) {}

  async execute({ pollId, principal }: GetDatePollQuery): Promise<DatePollDetail> {
    const record = await this.polls.find(pollId);
    if (!record) {
      throw new AppException('POLL_NOT_FOUND', 'not-found', 'No such poll.');
    }
    const s = record.poll.snapshot;
    // Audited like reading a meeting; another bassin's coordinator is told the case does not exist.
    await this.access.requireCoordinator(s.caseId, principal, 'read-date-poll', 'read');
    const team = await this.team.list(s.caseId);
    const answerOf = (invitationId: string, k: number) => s.answers[invitationId]?.[k];
    return {
      ...toDatePollView(s),
      concertationId: record.concertationId ?? null,
      tally: s.options.map((o, k) => ({
        start: o.start.toISOString(),
        end: o.end.toISOString(),
        yes: s.invitations.filter((i) => answerOf(i.id, k) === 'yes').length,
        ifNeedBe: s.invitations.filter((i) => answerOf(i.id, k) === 'if-need-be').length,
        no: s.invitations.filter((i) => answerOf(i.id, k) === 'no').length,
        silent: s.invitations.filter((i) => answerOf(i.id, k) === undefined).length,
      })),
      invitees: s.invitations.map((i) => ({
        participantId: i.participantId,
        displayName: team.find((p) => p.id === i.participantId)?.displayName,
        required: i.required,
        answers: s.answers[i.id] ?? null,
      })),
    };
  }
}
