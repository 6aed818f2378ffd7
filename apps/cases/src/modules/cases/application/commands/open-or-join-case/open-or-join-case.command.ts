import { Command } from '@nestjs/cqrs';
import type { AlertRaisedV1 } from '#concerto/contracts';

/** Opens the case an accepted alert asks for, or joins the alert to the person's open case. */
export class OpenOrJoinCaseCommand extends Command<{ caseId: string }> {
  constructor(
    readonly alert: AlertRaisedV1,
    /** The reporter's directory role, read before the transaction (undefined when unknown). */
    readonly reporterRole?: string,
  ) {
    super();
  }
}
