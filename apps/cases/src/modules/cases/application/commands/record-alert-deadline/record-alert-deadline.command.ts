import { Command } from '@nestjs/cqrs';
import type { AlertRaisedV1 } from '#concerto/contracts';

/** The date an alert brought becomes one of its case's deadlines (the alert's id is the deadline's). */
export class RecordAlertDeadlineCommand extends Command<void> {
  constructor(readonly alert: AlertRaisedV1) {
    super();
  }
}
