import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

export class AcknowledgeCaseCommand extends Command<{
  caseId: string;
  status: string;
  ownerId: string;
  acknowledgedAt: string;
}> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
