import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#concerto/ddd';
import type { DueTimer } from '#concerto/timers';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { TeamSlotSearch } from '../../../../concertations/application/team-slot-search.js';
import { ActionItem } from '../../../domain/action-item.aggregate.js';
import { brusselsDay, brusselsInstant } from '../../../domain/brussels-calendar.js';
import {
  ConcertationRecordRepository,
  ReferentRepository,
  type ReviewProposal,
  ReviewProposalRepository,
} from '../../../domain/follow-up.repository.js';
import { FollowUpSettings } from '../../follow-up-policy.js';
import { FollowUpStore } from '../../follow-up-store.js';

/** A review concertation lasts an hour; slots are sought up to a few days past the review day. */
const REVIEW_MINUTES = 60;
const DAYS_PAST_REVIEW = 3;
const SLOTS_KEPT = 5;

/**
 * The next review's preparation, `REVIEW_LEAD_WORKING_DAYS` before its day (issue 17, point 4):
 * for a concertation, the team's slot search is run and its best slots kept as the proposal the
 * coordinator sees; for a lighter check-in, the referent gets a task to call the person, due on
 * the review day (told on their channel like any action item). Runs inside the firing transaction.
 */
@Injectable()
export class PrepareNextReviewTimerHandler {
  constructor(
    private readonly records: ConcertationRecordRepository,
    private readonly referents: ReferentRepository,
    private readonly proposals: ReviewProposalRepository,
    private readonly cases: CaseAccess,
    private readonly slots: TeamSlotSearch,
    private readonly store: FollowUpStore,
    private readonly settings: FollowUpSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(timer: DueTimer): Promise<void> {
    const recordId = typeof timer.payload.recordId === 'string' ? timer.payload.recordId : undefined;
    const record = recordId ? await this.records.find(recordId) : undefined;
    const review = record?.snapshot.nextReview;
    const view = record ? await this.cases.find(record.snapshot.caseId) : undefined;
    if (!record || !review || !view || !record.snapshot.held) {
      return;
    }
    const now = this.clock.now();
    const caseId = record.snapshot.caseId;
    const base = { caseId, recordId: record.id, reviewOn: review.on, kind: review.kind, preparedAt: now };
    let proposal: ReviewProposal;
    if (review.kind === 'check-in') {
      const referent = await this.referents.find(caseId);
      if (referent) {
        const today = brusselsDay(now);
        const item = ActionItem.open(
          {
            id: randomUUID(),
            caseId,
            recordId: record.id,
            kind: 'contact-person',
            title: 'Call the person for the review check-in',
            owner: { participantId: referent },
            dueOn: review.on > today ? review.on : today,
            openedBy: 'system:next-review',
            openedAt: now,
          },
          this.settings.policy,
          now,
        );
        await this.store.addItem(item);
        proposal = { ...base, status: 'check-in-task', slots: [], actionItemId: item.id };
      } else {
        proposal = { ...base, status: 'no-referent', slots: [] };
      }
    } else {
      const until = brusselsInstant(review.on, 0);
      const horizonDays = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 86_400_000) + DAYS_PAST_REVIEW);
      const found = await this.slots.search(caseId, view, { durationMinutes: REVIEW_MINUTES, horizonDays });
      const slots = found.slots.slice(0, SLOTS_KEPT).map((s) => ({
        start: s.start,
        end: s.end,
        localStart: s.localStart,
        localEnd: s.localEnd,
        missingRequired: s.missingRequired.length,
      }));
      proposal = { ...base, status: slots.length > 0 ? 'slots-proposed' : 'no-slot', slots };
    }
    await this.proposals.save(proposal);
  }
}
