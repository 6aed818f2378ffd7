import { Command } from '@nestjs/cqrs';

export interface AcknowledgedFromPage {
  caseId: string;
  signalId: string;
  acknowledgedBy: string;
  status: string;
  acknowledgedAt: string;
}

/** The coordinator confirmed the single-use acknowledge link of their page. */
export class AcknowledgeFromPageCommand extends Command<AcknowledgedFromPage> {
  constructor(readonly token: string) {
    super();
  }
}
