import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EntityManager } from 'typeorm';
import { DIRECTORY_READ_API, type DirectoryReadApi, type RoutingDecision } from '#concerto/contracts';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { type TransactionScope, UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog, isUniqueViolation, queryRows } from '#concerto/persistence';
import { PSEUDONYM_SECRET } from '../../../../../alerts.tokens.js';
import { effectiveUrgency, hasUrgentPathway } from '../../../domain/alert-policy.js';
import { NationalNumber } from '../../../domain/national-number.value-object.js';
import { correlationKeysFor } from '../../../domain/person-correlation.js';
import { RaiseAlertCommand } from './raise-alert.command.js';
import { type RaiseAlertResult } from './raise-alert.result.js';

const MAX_ATTEMPTS = 4;

interface OpenCaseRow {
  case_id: string;
  status: string;
  owner_id: string;
  bassin_id: string;
}

/**
 * Intake: idempotency, routing, correlation with the person's open case, and the
 * `alert.raised` event, all committed together or not at all.
 */
@CommandHandler(RaiseAlertCommand)
export class RaiseAlertHandler implements ICommandHandler<RaiseAlertCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
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
    const routing = await this.directory.route(cmd.input.person.address?.postalCode);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.uow.run((scope) => this.raise(cmd, routing, requestHash, scope));
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

  private async raise(cmd: RaiseAlertCommand, routing: RoutingDecision, requestHash: string, scope: TransactionScope): Promise<RaiseAlertResult> {
    const { manager } = scope;
    const now = this.clock.now();
    const correlationId = currentCorrelationId();
    const { input } = cmd;
    const urgency = effectiveUrgency(input.type, input.urgency);
    const personRef = await this.resolvePerson(manager, cmd, now);

    const open = (await queryRows<OpenCaseRow>(
      manager,
      `SELECT "case_id","status","owner_id","bassin_id" FROM "alerts"."case_index" WHERE "person_ref" = $1 AND "closed_at" IS NULL FOR UPDATE`,
      [personRef],
    ))[0];
    const opensCase = !open;
    const caseId = open?.case_id ?? randomUUID();
    if (opensCase) {
      await manager.query(
        `INSERT INTO "alerts"."case_index" ("case_id","person_ref","bassin_id","status","owner_id","opened_at") VALUES ($1,$2,$3,'opened',$4,$5)`,
        [caseId, personRef, routing.bassinId, routing.escalationChain.coordinatorId, now],
      );
    }
    const alertId = randomUUID();
    await manager.query(
      `INSERT INTO "alerts"."alerts" ("alert_id","case_id","person_ref","reporter_id","type","requested_urgency","urgency","reason","deadline","bassin_id","routing_reason","opened_case","raised_at")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
      [
        alertId,
        caseId,
        personRef,
        cmd.reporterId,
        input.type,
        input.urgency,
        urgency,
        input.reason ?? null,
        input.deadline ? new Date(input.deadline) : null,
        open?.bassin_id ?? routing.bassinId,
        routing.reason,
        opensCase,
        now,
      ],
    );
    await scope.emit(
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
        ...(input.deadline ? { deadline: new Date(input.deadline).toISOString() } : {}),
        raisedAt: now.toISOString(),
      },
      { correlationId, occurredAt: now },
    );
    await this.audit.record(manager, {
      actorId: cmd.reporterId,
      action: 'create',
      subjectType: 'person',
      subjectId: personRef,
      purpose: 'raise-alert',
      outcome: 'allowed',
      correlationId,
      at: now,
    });
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
      owner: { id: open?.owner_id ?? routing.escalationChain.coordinatorId },
      ...(hasUrgentPathway(input.type)
        ? { urgentGuidance: input.type === 'suicide-risk' ? routing.urgentGuidance.suicideRisk : routing.urgentGuidance.suspectedViolence }
        : {}),
      replayed: false,
    };
    if (open && open.bassin_id !== routing.bassinId) {
      result.bassin = { ...result.bassin, id: open.bassin_id as RaiseAlertResult['bassin']['id'] };
    }
    if (cmd.idempotencyKey) {
      await manager.query(
        `INSERT INTO "alerts"."idempotency_keys" ("reporter_id","idempotency_key","request_hash","alert_id","response","created_at") VALUES ($1,$2,$3,$4,$5,$6)`,
        [cmd.reporterId, cmd.idempotencyKey, requestHash, alertId, JSON.stringify(result), now],
      );
    }
    return result;
  }

  /** Finds the person through keyed hashes of their identifiers, or records a new person. */
  private async resolvePerson(manager: EntityManager, cmd: RaiseAlertCommand, now: Date): Promise<string> {
    const p = cmd.input.person;
    const keys = correlationKeysFor({
      givenName: p.givenName,
      familyName: p.familyName,
      birthDate: p.birthDate,
      postalCode: p.address?.postalCode,
      nationalNumber: p.nationalNumber,
    }).map((k) => ({ ...k, hash: createHmac('sha256', this.secret).update(k.material).digest('hex') }));
    for (const key of keys) {
      const found = await queryRows<{ person_ref: string }>(manager, `SELECT "person_ref" FROM "alerts"."person_keys" WHERE "key_hash" = $1`, [key.hash]);
      if (found[0]) {
        await this.addMissingKeys(manager, found[0].person_ref, keys);
        return found[0].person_ref;
      }
    }
    const personRef = randomUUID();
    await manager.query(
      `INSERT INTO "alerts"."persons" ("person_ref","given_name","family_name","birth_date","national_number","postal_code","no_fixed_address","preferred_language","created_at")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [
        personRef,
        p.givenName.trim(),
        p.familyName.trim(),
        p.birthDate ?? null,
        p.nationalNumber ? (NationalNumber.parse(p.nationalNumber)?.digits ?? null) : null,
        p.address?.postalCode ?? null,
        p.noFixedAddress === true,
        p.preferredLanguage ?? null,
        now,
      ],
    );
    await this.addMissingKeys(manager, personRef, keys);
    return personRef;
  }

  private async addMissingKeys(manager: EntityManager, personRef: string, keys: Array<{ hash: string; strength: string }>): Promise<void> {
    for (const key of keys) {
      await manager.query(`INSERT INTO "alerts"."person_keys" ("key_hash","strength","person_ref") VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`, [
        key.hash,
        key.strength,
        personRef,
      ]);
    }
  }

  private async replay(reporterId: string, key: string, requestHash: string): Promise<RaiseAlertResult | undefined> {
    const rows = await queryRows<{ request_hash: string; response: RaiseAlertResult }>(
      this.uow.dataSource,
      `SELECT "request_hash","response" FROM "alerts"."idempotency_keys" WHERE "reporter_id" = $1 AND "idempotency_key" = $2`,
      [reporterId, key],
    );
    const row = rows[0];
    if (!row) {
      return undefined;
    }
    if (row.request_hash !== requestHash) {
      throw new AppException('IDEMPOTENCY_KEY_REUSED', 'invalid', 'This Idempotency-Key was already used for a different request.');
    }
    return { ...row.response, replayed: true };
  }

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
