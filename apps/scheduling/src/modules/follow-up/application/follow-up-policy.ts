import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import type { FollowUpPolicy } from '../domain/action-item.aggregate.js';

/** The configured follow-up rhythm: lock delay of records, reminders, grace period in working days. */
@Injectable()
export class FollowUpSettings {
  readonly policy: FollowUpPolicy;
  readonly lockAfterDays: number;
  /** Working days before the next review when its preparation starts. */
  readonly reviewLeadWorkingDays: number;

  constructor(@Inject(CONFIG) config: ConcertoConfig) {
    this.lockAfterDays = config.RECORD_LOCK_DAYS;
    this.reviewLeadWorkingDays = config.REVIEW_LEAD_WORKING_DAYS;
    this.policy = {
      reminderDaysBefore: config.ACTION_ITEM_REMINDER_DAYS,
      graceWorkingDays: config.ACTION_ITEM_GRACE_WORKING_DAYS,
      hour: 9,
      holidays: { irisDay: config.BRUSSELS_IRIS_DAY_HOLIDAY },
    };
  }
}
