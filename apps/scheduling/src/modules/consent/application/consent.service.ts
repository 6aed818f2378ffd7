import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '#concerto/auth';
import { CLOCK, type Clock } from '#concerto/ddd';
import { type TransactionScope, UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { queryRows } from '#concerto/persistence';
import { CaseAccess } from '../../case-view/application/case-access.js';
import { Consent, type ConsentGiver, type ConsentState, type ParticipantScope } from '../domain/consent.aggregate.js';

export interface RecordConsentInput {
  decision: 'granted' | 'refused' | 'revoked' | 'emergency-exception';
  givenBy?: ConsentGiver;
  scopes?: ParticipantScope[];
  emergencyReason?: string;
}

@Injectable()
export class ConsentService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: CaseAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(caseId: string, principal: Principal, input: RecordConsentInput): Promise<ConsentState> {
    await this.access.requireCoordinator(caseId, principal, 'record-consent');
    const now = this.clock.now();
    return this.uow.run(async (scope) => {
      const consent = await this.load(scope.manager, caseId, true);
      switch (input.decision) {
        case 'granted':
          consent.grant(input.givenBy ?? 'person', input.scopes ?? [], principal.userId, now);
          break;
        case 'refused':
          consent.refuse(input.givenBy ?? 'person', principal.userId, now);
          break;
        case 'revoked':
          consent.revoke(principal.userId, now);
          break;
        case 'emergency-exception':
          consent.invokeEmergencyException(input.emergencyReason, (input.scopes ?? []).map((s) => s.participantId), principal.userId, now);
          break;
      }
      await this.save(scope, consent);
      return consent.snapshot;
    });
  }

  async get(caseId: string, principal: Principal): Promise<ConsentState> {
    await this.access.requireCoordinator(caseId, principal, 'read-consent', 'read');
    return (await this.load(this.uow.dataSource.manager, caseId, false)).snapshot;
  }

  async load(manager: EntityManager, caseId: string, forUpdate: boolean): Promise<Consent> {
    const [row] = await queryRows<{
      case_id: string;
      status: ConsentState['status'];
      given_by: ConsentGiver | null;
      concertation_allowed: boolean;
      scopes: ParticipantScope[];
      emergency_reason: string | null;
      recorded_by: string | null;
      recorded_at: Date | null;
      version: number;
    }>(manager, `SELECT * FROM "scheduling"."consents" WHERE "case_id" = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [caseId]);
    if (!row) {
      return Consent.notRecorded(caseId);
    }
    return Consent.restore({
      caseId: row.case_id,
      status: row.status,
      givenBy: row.given_by ?? undefined,
      concertationAllowed: row.concertation_allowed,
      scopes: row.scopes,
      emergencyReason: row.emergency_reason ?? undefined,
      recordedBy: row.recorded_by ?? undefined,
      recordedAt: row.recorded_at ? new Date(row.recorded_at) : undefined,
      version: row.version,
    });
  }

  private async save(scope: TransactionScope, consent: Consent): Promise<void> {
    const s = consent.snapshot;
    await scope.manager.query(
      `INSERT INTO "scheduling"."consents" ("case_id","status","given_by","concertation_allowed","scopes","emergency_reason","recorded_by","recorded_at","version")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,1)
       ON CONFLICT ("case_id") DO UPDATE SET "status"=$2,"given_by"=$3,"concertation_allowed"=$4,"scopes"=$5,"emergency_reason"=$6,"recorded_by"=$7,"recorded_at"=$8,"version"="consents"."version"+1`,
      [s.caseId, s.status, s.givenBy ?? null, s.concertationAllowed, JSON.stringify(s.scopes), s.emergencyReason ?? null, s.recordedBy ?? null, s.recordedAt ?? null],
    );
    for (const event of consent.pullEvents()) {
      await scope.emit(
        'consent.changed',
        s.caseId,
        { caseId: s.caseId, status: s.status as 'granted', flagged: consent.isFlagged, recordedBy: s.recordedBy ?? 'system', changedAt: event.occurredAt.toISOString() },
        { correlationId: currentCorrelationId(), occurredAt: event.occurredAt },
      );
    }
  }
}
