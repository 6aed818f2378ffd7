import { Command } from '@nestjs/cqrs';

/** The person (or their legal representative) confirms, on their own page, that they withdraw their consent. */
export class WithdrawConsentFromPersonPageCommand extends Command<void> {
  constructor(readonly token: string) {
    super();
  }
}
