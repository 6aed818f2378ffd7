import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import type { ConsentState } from '../../../domain/consent.aggregate.js';
import { ConsentRepository } from '../../../domain/consent.repository.js';
import { ConsentChanges } from '../../consent-changes.js';
import { RecordConsentCommand } from './record-consent.command.js';

@CommandHandler(RecordConsentCommand)
export class RecordConsentHandler implements ICommandHandler<RecordConsentCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: CaseAccess,
    private readonly consents: ConsentRepository,
    private readonly changes: ConsentChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, principal, input }: RecordConsentCommand): Promise<ConsentState> {
    await this.access.requireCoordinator(caseId, principal, 'record-consent');
    const now = this.clock.now();
    return this.uow.run(async () => {
      const consent = await this.consents.load(caseId, { forUpdate: true });
      switch (input.decision) {
        case 'granted':
          consent.grant(input.givenBy ?? 'person', input.scopes ?? [], principal.userId, now);
          break;
        case 'refused':
          consent.refuse(input.givenBy ?? 'person', principal.userId, now);
          break;
        case 'revoked':
          consent.revoke(principal.userId, now, input.givenBy);
          break;
        case 'emergency-exception':
          consent.invokeEmergencyException(
            input.emergencyReason,
            (input.scopes ?? []).map((s) => s.participantId),
            principal.userId,
            now,
          );
          break;
      }
      await this.changes.save(consent);
      return consent.snapshot;
    });
  }
}
