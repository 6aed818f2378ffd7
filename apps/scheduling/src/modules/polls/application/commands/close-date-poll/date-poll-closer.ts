import { Inject, Injectable } from '@nestjs/common';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { ConcertationScheduler } from '../../../../concertations/application/commands/schedule-concertation/concertation-scheduler.js';
import { ConsentRepository } from '../../../../consent/domain/consent.repository.js';
import { DatePollRepository } from '../../date-poll.repository.js';
import { type DatePollView, toDatePollView } from '../../date-poll.view.js';

/**
 * Closes a poll (a coordinator now, or its closing timer) and fixes the best date as the
 * concertation, with the same scheduler a coordinator uses: it joins this unit of work. Safe to
 * run twice: a closed poll stays as it was.
 */
@Injectable()
export class DatePollCloser {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly polls: DatePollRepository,
    private readonly access: CaseAccess,
    private readonly scheduler: ConcertationScheduler,
    private readonly consents: ConsentRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  close(pollId: string, actorId: string): Promise<(DatePollView & { concertationId?: string | null }) | undefined> {
    return this.uow.run(async () => {
      const record = await this.polls.find(pollId, { forUpdate: true });
      if (!record || record.poll.snapshot.status === 'closed') {
        return record ? toDatePollView(record.poll.snapshot) : undefined;
      }
      const { poll, location } = record;
      const outcome = poll.close(this.clock.now());
      let concertationId: string | undefined;
      // Consent withdrawn while the poll was open: it closes without fixing a date (nothing may leave).
      const consentAllows = (await this.consents.load(poll.snapshot.caseId)).allowsConcertation;
      if (outcome.chosenOption !== undefined && consentAllows) {
        const view = (await this.access.find(poll.snapshot.caseId))!;
        const option = poll.snapshot.options[outcome.chosenOption];
        const scheduled = await this.scheduler.schedule(
          view,
          { start: option.start, end: option.end, location },
          actorId,
        );
        concertationId = scheduled.concertation.id;
      }
      await this.polls.saveClosed(poll, concertationId);
      return { ...toDatePollView(poll.snapshot), concertationId: concertationId ?? null };
    });
  }

  /**
   * A coordinator picks the date (the poll closes if still open) and it becomes the concertation
   * through the same scheduler. Refused once the poll has led to a meeting: that meeting is then
   * moved or cancelled on its own page.
   */
  choose(pollId: string, option: number, actorId: string): Promise<DatePollView & { concertationId: string }> {
    return this.uow.run(async () => {
      const record = await this.polls.find(pollId, { forUpdate: true });
      if (!record) {
        throw new AppException('POLL_NOT_FOUND', 'not-found', 'No such poll.');
      }
      if (record.concertationId) {
        throw new AppException(
          'POLL_ALREADY_SCHEDULED',
          'conflict',
          'This poll has already become a concertation: move or cancel that meeting instead.',
        );
      }
      const { poll, location } = record;
      poll.choose(option, this.clock.now());
      const view = (await this.access.find(poll.snapshot.caseId))!;
      const chosen = poll.snapshot.options[option];
      // The scheduler applies the consent gate and the deadline: a refusal rolls the choice back.
      const scheduled = await this.scheduler.schedule(
        view,
        { start: chosen.start, end: chosen.end, location },
        actorId,
      );
      await this.polls.saveClosed(poll, scheduled.concertation.id);
      return { ...toDatePollView(poll.snapshot), concertationId: scheduled.concertation.id };
    });
  }
}
