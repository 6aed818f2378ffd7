import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { DurableTimers } from '#concerto/timers';
import { POLL_CLOSING_TIMER } from '../../../../../scheduling.tokens.js';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { Invitees } from '../../../../concertations/application/invitees.js';
import { toInvitationRef } from '../../../../concertations/application/invitation-ref.js';
import { MeetingLocations } from '../../../../concertations/application/meeting-locations.js';
import { DatePoll } from '../../../domain/date-poll.js';
import { DatePollRepository } from '../../date-poll.repository.js';
import { toDatePollView } from '../../date-poll.view.js';
import { OpenDatePollCommand } from './open-date-poll.command.js';

@CommandHandler(OpenDatePollCommand)
export class OpenDatePollHandler implements ICommandHandler<OpenDatePollCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: CaseAccess,
    private readonly invitees: Invitees,
    private readonly locations: MeetingLocations,
    private readonly polls: DatePollRepository,
    private readonly timers: DurableTimers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, principal, input }: OpenDatePollCommand) {
    const view = await this.access.requireCoordinator(caseId, principal, 'open-date-poll', 'create');
    const now = this.clock.now();
    const closesAt = new Date(input.closesAt);
    const options = input.options.map((o) => ({ start: new Date(o.start), end: new Date(o.end) }));
    if (
      closesAt <= now ||
      options.some((o) => o.start <= closesAt || o.end <= o.start || (view.deadline && o.end > view.deadline))
    ) {
      throw new AppException(
        'POLL_DATES_INVALID',
        'invalid',
        'The poll must close in the future, before every proposed date, and every date must end before the case deadline.',
        { field: 'options' },
      );
    }
    const location = await this.locations.resolve(view, input.location);
    return this.uow.run(async () => {
      const { invitable } = await this.invitees.of(caseId);
      const poll = DatePoll.open({
        id: randomUUID(),
        caseId,
        options,
        closesAt,
        invitations: invitable.map((p) => ({
          id: randomUUID(),
          participantId: p.id,
          required: p.required || p.kind === 'person',
        })),
      });
      const s = poll.snapshot;
      await this.polls.add({ poll, location, createdBy: principal.userId }, now);
      await this.uow.emit(
        'concertation.proposed',
        caseId,
        {
          pollId: s.id,
          caseId,
          optionCount: options.length,
          closesAt: closesAt.toISOString(),
          invitations: s.invitations.map((i) => toInvitationRef(i, invitable)),
          proposedBy: principal.userId,
          proposedAt: now.toISOString(),
        },
        { correlationId: currentCorrelationId(), occurredAt: now },
      );
      await this.timers.schedule({ kind: POLL_CLOSING_TIMER, subjectId: s.id, dueAt: closesAt });
      return toDatePollView(poll.snapshot);
    });
  }
}
