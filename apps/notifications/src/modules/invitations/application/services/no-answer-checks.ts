import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { CLOCK, type Clock } from '#concerto/ddd';
import { DurableTimers } from '#concerto/timers';
import { NO_ANSWER_TIMER } from '../../../../notifications.tokens.js';
import { noAnswerCheckAt } from '../../domain/invitation-planning.js';
import { InvitationViewRepository } from '../../domain/invitation-view.js';

/** The chain that chases an invitee who does not answer starts when their invitation leaves. */
@Injectable()
export class NoAnswerChecks {
  constructor(
    private readonly views: InvitationViewRepository,
    private readonly timers: DurableTimers,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * In the transaction that marks an invitation (or update) sent: the first no-answer check,
   * NOTIFICATIONS_NO_ANSWER_HOURS later (and at the latest an hour before the meeting).
   */
  async invitationLeft(invitationId: string, sequence: number): Promise<void> {
    const now = this.clock.now();
    const view = await this.views.find(invitationId);
    if (!view) {
      return;
    }
    await this.views.firstSent(invitationId, now);
    if (view.sequence !== sequence || view.meetingStatus !== 'scheduled' || view.answer || !view.startAt) {
      return;
    }
    const due = noAnswerCheckAt(now, view.startAt, this.config.NOTIFICATIONS_NO_ANSWER_HOURS);
    if (due) {
      await this.timers.cancel(invitationId, NO_ANSWER_TIMER);
      await this.timers.schedule({
        kind: NO_ANSWER_TIMER,
        subjectId: invitationId,
        dueAt: due,
        payload: { sequence, step: 1 },
      });
    }
  }
}
