import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import type { Consent } from '../domain/consent.aggregate.js';
import { ConsentRepository } from '../domain/consent.repository.js';

/**
 * Saves a changed consent and announces it, in the open transaction: however the change came in
 * (a coordinator recording it, the person withdrawing it from their own page), every change is
 * one consent.changed event, which is what stops every message after a withdrawal (ADR 0018).
 */
@Injectable()
export class ConsentChanges {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly consents: ConsentRepository,
  ) {}

  async save(consent: Consent): Promise<void> {
    await this.consents.save(consent);
    const s = consent.snapshot;
    for (const event of consent.pullEvents()) {
      await this.uow.emit(
        'consent.changed',
        s.caseId,
        {
          caseId: s.caseId,
          status: s.status as 'granted',
          flagged: consent.isFlagged,
          recordedBy: s.recordedBy ?? 'system',
          changedAt: event.occurredAt.toISOString(),
          participantIds: consent.coveredParticipantIds,
        },
        { correlationId: currentCorrelationId(), occurredAt: event.occurredAt },
      );
    }
  }
}
