import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PERSON_IDENTITY_API, type PersonIdentityApi } from '#concerto/contracts';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { AuditedAccess } from '#concerto/persistence';
import { CaseRepository } from '../../../domain/case.repository.js';
import { CaseTimelineRepository } from '../../../domain/case-timeline.repository.js';
import { coordinatorOnly } from '../merge-access.js';
import { type PersonVerifiedView, VerifyCasePersonCommand } from './verify-case-person.command.js';

/**
 * The number goes to the identity vault (alerts service), encrypted, and its keyed hash becomes
 * one of the person's keys; this service keeps only that it happened (timeline, no number).
 * Without the person's consent nothing is read or stored.
 */
@CommandHandler(VerifyCasePersonCommand)
export class VerifyCasePersonHandler implements ICommandHandler<VerifyCasePersonCommand> {
  constructor(
    private readonly access: AuditedAccess,
    private readonly cases: CaseRepository,
    private readonly timelines: CaseTimelineRepository,
    private readonly uow: UnitOfWork,
    @Inject(PERSON_IDENTITY_API) private readonly persons: PersonIdentityApi,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({
    caseId,
    principal,
    nationalNumber,
    consentGiven,
  }: VerifyCasePersonCommand): Promise<PersonVerifiedView> {
    const { subject: c } = await this.access.check(coordinatorOnly(this.cases, caseId, principal, 'verify-person'));
    // Only a coordinator learns whether consent is missing: others were refused above.
    if (consentGiven !== true) {
      throw new AppException(
        'CONSENT_REQUIRED',
        'invalid',
        'A verified identity is tied to the person only with their consent: send consentGiven: true once it is given.',
        { errors: [{ field: 'consentGiven', reason: 'must be true: the person consented' }] },
      );
    }
    const outcome = await this.persons.verify(c.snapshot.personRef, nationalNumber);
    switch (outcome) {
      case 'invalid-number':
        throw new AppException('NATIONAL_NUMBER_INVALID', 'invalid', 'This is not a valid national register number.', {
          errors: [{ field: 'nationalNumber', reason: 'must be 11 digits with a valid checksum' }],
        });
      case 'tied-to-another-person':
        throw new AppException(
          'NATIONAL_NUMBER_TIED_TO_ANOTHER_PERSON',
          'conflict',
          'This national number is already tied to another person: merge their cases instead.',
        );
      case 'unknown-person':
        throw new AppException('PERSON_NOT_FOUND', 'not-found', "The case's person is not in the identity vault.");
      case 'verified':
        break;
    }
    const now = this.clock.now();
    await this.uow.run(() =>
      this.timelines.append({
        caseId,
        at: now,
        kind: 'case.person-verified',
        actorId: principal.userId,
        details: { consentGiven: true },
      }),
    );
    return { caseId, verified: true, verifiedAt: now.toISOString() };
  }
}
