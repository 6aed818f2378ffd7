import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#concerto/ddd';
import type { DueTimer } from '#concerto/timers';
import { ActionItem } from '../../../domain/action-item.aggregate.js';
import { addWorkingDays, brusselsDay } from '../../../domain/brussels-calendar.js';
import { ActionItemRepository, ReferentRepository } from '../../../domain/follow-up.repository.js';
import { FollowUpSettings } from '../../follow-up-policy.js';
import { FollowUpStore } from '../../follow-up-store.js';

/**
 * An item's follow-up timer: the next step (reminder before the due date, reminder on it,
 * escalation after the grace period). Runs inside the firing transaction; the store schedules the
 * step after. A missed administrative deadline opens the referent's task to contact the person (R30).
 */
@Injectable()
export class AdvanceActionItemTimerHandler {
  constructor(
    private readonly items: ActionItemRepository,
    private readonly referents: ReferentRepository,
    private readonly store: FollowUpStore,
    private readonly settings: FollowUpSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(timer: DueTimer): Promise<void> {
    const item = await this.items.find(timer.subjectId, { forUpdate: true });
    if (!item) {
      return;
    }
    const now = this.clock.now();
    const { raiseFollowUp } = item.advance(now);
    const referent = raiseFollowUp ? await this.referents.find(item.snapshot.caseId) : undefined;
    if (referent) {
      const followUp = ActionItem.open(
        {
          id: randomUUID(),
          caseId: item.snapshot.caseId,
          ...(item.snapshot.recordId ? { recordId: item.snapshot.recordId } : {}),
          ...(item.snapshot.deadlineId ? { deadlineId: item.snapshot.deadlineId } : {}),
          kind: 'contact-person',
          title: 'Contact the person about the missed deadline',
          owner: { participantId: referent },
          dueOn: addWorkingDays(brusselsDay(now), 1, this.settings.policy.holidays),
          openedBy: 'system:missed-deadline',
          openedAt: now,
        },
        this.settings.policy,
        now,
      );
      item.followedUpBy(followUp.id);
      await this.store.addItem(followUp);
    }
    await this.store.saveItem(item);
  }
}
