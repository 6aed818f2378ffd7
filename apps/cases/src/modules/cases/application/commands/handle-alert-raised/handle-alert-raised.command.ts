import { Command } from '@nestjs/cqrs';
import type { AlertRaisedV1 } from '#concerto/contracts';
import type { TransactionScope } from '#concerto/messaging';

/** Opens the case an accepted alert asks for, or joins the alert to the person's open case. */
export class HandleAlertRaisedCommand extends Command<{ caseId: string }> {
  constructor(
    readonly alert: AlertRaisedV1,
    readonly scope: TransactionScope,
  ) {
    super();
  }
}
