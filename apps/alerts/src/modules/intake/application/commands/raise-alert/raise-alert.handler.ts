import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DEADLINE_RANGE_REASONS,
  deadlineKindOfAlertType,
  deadlineOutOfRange,
  DIRECTORY_READ_API,
  type DirectoryReadApi,
  mayDateDeadline,
  type RoutingDecision,
} from '#concerto/contracts';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog, isUniqueViolation } from '#concerto/persistence';
import { PSEUDONYM_SECRET } from '../../../../../alerts.tokens.js';
import { effectiveUrgency, hasUrgentPathway } from '../../../domain/alert-policy.js';
import { NationalNumber } from '../../../domain/national-number.value-object.js';
import { correlationKeysFor } from '../../../domain/person-correlation.js';
import { blockingKeysFor, possibleMatchReasons } from '../../../domain/person-matching.js';
import { AlertRepository } from '../../ports/alert.repository.js';
import { CaseIndexRepository } from '../../ports/case-index.repository.js';
import { IdempotencyKeyRepository } from '../../ports/idempotency-key.repository.js';
import { CallerRepository } from '../../ports/caller.repository.js';
import { PersonRepository } from '../../ports/person.repository.js';
import { mayActOnBehalf } from '../../../domain/on-behalf-of.js';
import { PossibleMatchRepository } from '../../ports/possible-match.repository.js';
import { RaiseAlertCommand } from './raise-alert.command.js';
import { type RaiseAlertResult } from './raise-alert.result.js';

const MAX_ATTEMPTS = 4;

/**
 * Intake: idempotency, routing, correlation with the person's open case, and the
 * `alert.raised` event, all committed together or not at all.
 */
@CommandHandler(RaiseAlertCommand)
export class RaiseAlertHandler implements ICommandHandler<RaiseAlertCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly persons: PersonRepository,
    private readonly caseIndex: CaseIndexRepository,
    private readonly alerts: AlertRepository,
    private readonly idempotencyKeys: IdempotencyKeyRepository,
    private readonly callers: CallerRepository,
    private readonly possibleMatches: PossibleMatchRepository,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(PSEUDONYM_SECRET) private readonly secret: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(cmd: RaiseAlertCommand): Promise<RaiseAlertResult> {
    const requestHash = sha256(canonicalJson(cmd.input));
    if (cmd.idempotencyKey) {
      const replay = await this.replay(cmd.reporterId, cmd.idempotencyKey, requestHash);
      if (replay) {
        return replay;
      }
    }
    await this.checkOnBehalfOf(cmd);
    await this.checkDeadline(cmd);
    // With no fixed address, a last known postal code routes like an address; the flag stays on the person.
    const routing = await this.directory.route(cmd.input.person.address?.postalCode);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.uow.run(() => this.raise(cmd, routing, requestHash));
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= MAX_ATTEMPTS) {
          throw error;
        }
        // A concurrent request won a race (same key, same person): its result is now visible.
        if (cmd.idempotencyKey) {
          const replay = await this.replay(cmd.reporterId, cmd.idempotencyKey, requestHash);
          if (replay) {
            return replay;
          }
        }
      }
    }
  }

  private async raise(
    cmd: RaiseAlertCommand,
    routing: RoutingDecision,
    requestHash: string,
  ): Promise<RaiseAlertResult> {
    const now = this.clock.now();
    const correlationId = currentCorrelationId();
    const { input } = cmd;
    const urgency = effectiveUrgency(input.type, input.urgency);
    const { personRef, created, blockingHashes } = await this.resolvePerson(cmd, now);

    const open = await this.caseIndex.findOpenForUpdate(personRef);
    const opensCase = !open;
    const caseId = open?.caseId ?? randomUUID();
    if (opensCase) {
      await this.caseIndex.open({
        caseId,
        personRef,
        bassinId: routing.bassinId,
        ownerId: routing.escalationChain.coordinatorId,
        openedAt: now,
      });
    }
    const alertId = randomUUID();
    await this.alerts.add({
      alertId,
      caseId,
      personRef,
      reporterId: cmd.reporterId,
      type: input.type,
      requestedUrgency: input.urgency,
      urgency,
      reason: input.reason,
      deadline: input.deadline ? new Date(input.deadline) : undefined,
      bassinId: open?.bassinId ?? routing.bassinId,
      routingReason: routing.reason,
      openedCase: opensCase,
      raisedAt: now,
    });
    if (input.onBehalfOf) {
      // The caller's identity and number go to the vault only: never into the event below.
      await this.callers.add(alertId, input.onBehalfOf);
    }
    await this.uow.emit(
      'alert.raised',
      caseId,
      {
        alertId,
        caseId,
        opensCase,
        personRef,
        type: input.type,
        urgency,
        bassinId: routing.bassinId,
        routingReason: routing.reason,
        bassinNeedsConfirmation: routing.needsConfirmation,
        reporterId: cmd.reporterId,
        escalationChain: routing.escalationChain,
        ...(input.deadline
          ? {
              deadline: new Date(input.deadline).toISOString(),
              deadlineKind: input.deadlineKind ?? deadlineKindOfAlertType(input.type),
            }
          : {}),
        noFixedAddress: input.person.noFixedAddress === true,
        raisedAt: now.toISOString(),
      },
      { correlationId, occurredAt: now },
    );
    // After alert.raised (same key, same order): the cases service knows the new case when the proposal arrives.
    if (created && opensCase) {
      await this.proposeMatches(cmd, personRef, caseId, blockingHashes, now);
    }
    await this.audit.record({
      actorId: cmd.reporterId,
      action: 'create',
      subjectType: 'person',
      subjectId: personRef,
      purpose: 'raise-alert',
      outcome: 'allowed',
      correlationId,
      at: now,
    });
    const crisisLines = hasUrgentPathway(input.type)
      ? input.type === 'suicide-risk'
        ? routing.urgentGuidance.suicideRisk
        : routing.urgentGuidance.suspectedViolence
      : undefined;
    const result: RaiseAlertResult = {
      alertId,
      caseId,
      openedNewCase: opensCase,
      caseStatus: open?.status ?? 'opened',
      urgency,
      bassin: {
        id: routing.bassinId,
        name: routing.bassinName,
        needsConfirmation: routing.needsConfirmation,
        routingReason: routing.reason,
        candidates: routing.candidateBassins,
      },
      owner: { id: open?.ownerId ?? routing.escalationChain.coordinatorId },
      ...(crisisLines ? { urgentGuidance: crisisLines } : {}),
      ...(input.onBehalfOf ? { options: { services: neutralOptions(routing), crisisLines: crisisLines ?? [] } } : {}),
      replayed: false,
    };
    if (open && open.bassinId !== routing.bassinId) {
      result.bassin = { ...result.bassin, id: open.bassinId };
    }
    if (cmd.idempotencyKey) {
      await this.idempotencyKeys.remember({
        reporterId: cmd.reporterId,
        key: cmd.idempotencyKey,
        requestHash,
        alertId,
        response: result,
        createdAt: now,
      });
    }
    return result;
  }

  /** Only the hotline (and coordinators) may raise an alert for a caller: 403 naming the field. */
  private async checkOnBehalfOf(cmd: RaiseAlertCommand): Promise<void> {
    if (!cmd.input.onBehalfOf) {
      return;
    }
    const reporter = cmd.reporterCoordinates ? undefined : await this.directory.findProfessional(cmd.reporterId);
    if (!mayActOnBehalf(reporter?.role, cmd.reporterCoordinates)) {
      throw new AppException(
        'ON_BEHALF_OF_NOT_ENTITLED',
        'forbidden',
        'Only the hotline operators and the bassin coordinators may raise an alert on behalf of a caller.',
        { errors: [{ field: 'onBehalfOf', reason: 'your role may not raise an alert on behalf of a caller' }] },
      );
    }
  }

  /**
   * A deadline in the past or more than two years away would make the case unschedulable or
   * absurd: 422 naming the field. A discharge or release date from a role not entitled to it: 403.
   */
  private async checkDeadline(cmd: RaiseAlertCommand): Promise<void> {
    const { deadline, deadlineKind, type } = cmd.input;
    if (!deadline) {
      return;
    }
    const out = deadlineOutOfRange(new Date(deadline), this.clock.now());
    if (out) {
      throw new AppException('DEADLINE_OUT_OF_RANGE', 'invalid', `The deadline ${DEADLINE_RANGE_REASONS[out]}.`, {
        errors: [{ field: 'deadline', reason: DEADLINE_RANGE_REASONS[out] }],
      });
    }
    const kind = deadlineKind ?? deadlineKindOfAlertType(type);
    if (kind === 'discharge' || kind === 'release') {
      const reporter = await this.directory.findProfessional(cmd.reporterId);
      if (!mayDateDeadline(kind, reporter?.role)) {
        throw new AppException(
          'DEADLINE_KIND_NOT_ENTITLED',
          'forbidden',
          `Only the institution that decides it may set a ${kind} date; send the alert without the date, or as another kind.`,
          {
            errors: [
              { field: deadlineKind ? 'deadlineKind' : 'deadline', reason: `your role may not set a ${kind} date` },
            ],
          },
        );
      }
    }
  }

  /**
   * A new person may be one already known under a misspelt, swapped or look-alike name, or with
   * no birth date but the same phone: the blocking keys bring the few candidates together, the
   * vault's fields are compared here (decrypted in this service only), and each likely one is
   * proposed to the coordinators of both cases (`person.possible-match-found`). Never a join.
   */
  private async proposeMatches(
    cmd: RaiseAlertCommand,
    personRef: string,
    caseId: string,
    blockingHashes: Map<string, string>,
    now: Date,
  ): Promise<void> {
    const p = cmd.input.person;
    const candidates = await this.persons.findByBlockingKeys([...blockingHashes.keys()]);
    for (const candidate of candidates) {
      if (candidate.personRef === personRef) {
        continue;
      }
      const other = await this.persons.identify(candidate.personRef);
      if (!other) {
        continue;
      }
      const reasons = possibleMatchReasons(p, other, candidate.kinds.includes('phone'));
      if (reasons.length === 0) {
        continue;
      }
      const otherCase = await this.caseIndex.findOpen(candidate.personRef);
      if (!otherCase || otherCase.caseId === caseId) {
        continue;
      }
      const matchId = randomUUID();
      const proposed = await this.possibleMatches.propose({
        matchId,
        personRef,
        caseId,
        otherPersonRef: candidate.personRef,
        otherCaseId: otherCase.caseId,
        reasons,
        createdAt: now,
      });
      if (proposed) {
        await this.uow.emit(
          'person.possible-match-found',
          caseId,
          { matchId, caseId, otherCaseId: otherCase.caseId, reasons, foundAt: now.toISOString() },
          { correlationId: currentCorrelationId(), occurredAt: now },
        );
      }
    }
  }

  private hash(material: string): string {
    return createHmac('sha256', this.secret).update(material).digest('hex');
  }

  /** Finds the person through keyed hashes of their identifiers, or records a new person. */
  private async resolvePerson(
    cmd: RaiseAlertCommand,
    now: Date,
  ): Promise<{ personRef: string; created: boolean; blockingHashes: Map<string, string> }> {
    const p = cmd.input.person;
    const clues = {
      givenName: p.givenName,
      familyName: p.familyName,
      birthDate: p.birthDate,
      postalCode: p.address?.postalCode,
      nationalNumber: p.nationalNumber,
      phone: p.phone,
    };
    const keys = correlationKeysFor(clues).map((k) => ({ strength: k.strength, hash: this.hash(k.material) }));
    const blocking = blockingKeysFor(clues).map((k) => ({ kind: k.kind, hash: this.hash(k.material) }));
    const blockingHashes = new Map(blocking.map((k) => [k.hash, k.kind]));
    await this.persons.lockKeys(keys.map((k) => k.hash));
    for (const key of keys) {
      const found = await this.persons.findByKey(key.hash);
      if (found) {
        await this.persons.addKeys(found, keys);
        await this.persons.addBlockingKeys(found, blocking);
        // The latest alert knows best: the flag follows it either way (a shelter found, or lost).
        await this.persons.recordAddressState(found, p.noFixedAddress === true, p.address?.postalCode);
        return { personRef: found, created: false, blockingHashes };
      }
    }
    const personRef = randomUUID();
    await this.persons.add({
      personRef,
      givenName: p.givenName.trim(),
      familyName: p.familyName.trim(),
      birthDate: p.birthDate,
      nationalNumber: p.nationalNumber ? NationalNumber.parse(p.nationalNumber)?.digits : undefined,
      postalCode: p.address?.postalCode,
      noFixedAddress: p.noFixedAddress === true,
      preferredLanguage: p.preferredLanguage,
      createdAt: now,
    });
    await this.persons.addKeys(personRef, keys);
    await this.persons.addBlockingKeys(personRef, blocking);
    return { personRef, created: true, blockingHashes };
  }

  private async replay(reporterId: string, key: string, requestHash: string): Promise<RaiseAlertResult | undefined> {
    const remembered = await this.idempotencyKeys.find(reporterId, key);
    if (!remembered) {
      return undefined;
    }
    if (remembered.requestHash !== requestHash) {
      throw new AppException(
        'IDEMPOTENCY_KEY_REUSED',
        'invalid',
        'This Idempotency-Key was already used for a different request.',
      );
    }
    return { ...remembered.response, replayed: true };
  }
}

/** Alphabetical (so no option is put first by design), whatever order the directory keeps. */
function neutralOptions(routing: RoutingDecision): NonNullable<RaiseAlertResult['options']>['services'] {
  return [...(routing.options ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'fr', { sensitivity: 'base' }));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with sorted keys, so the same request always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
