import type { AlertType, BassinId, Urgency } from '#concerto/contracts';
import { Case } from '../../domain/case.aggregate.js';
import type { CaseState, CaseStatus, CloseOutcome, MemberRole, ReferenceBassin } from '../../domain/case.types.js';
import { CaseEntity, SignalEntity } from './case.entity.js';

export const CaseMapper = {
  toDomain(e: CaseEntity, signals: SignalEntity[]): Case {
    const state: CaseState = {
      id: e.caseId,
      personRef: e.personRef,
      bassinId: e.bassinId as BassinId,
      bassinNeedsConfirmation: e.bassinNeedsConfirmation,
      referenceBassin: (e.referenceBassin ?? e.bassinId) as ReferenceBassin,
      type: e.type as AlertType,
      urgency: e.urgency as Urgency,
      status: e.status as CaseStatus,
      ownerId: e.ownerId,
      escalationChain: e.escalationChain,
      escalationLevel: e.escalationLevel as 0 | 1 | 2,
      acknowledgeBy: new Date(e.acknowledgeBy),
      acknowledgedBy: e.acknowledgedBy ?? undefined,
      acknowledgedAt: e.acknowledgedAt ? new Date(e.acknowledgedAt) : undefined,
      deadline: e.deadline ? new Date(e.deadline) : undefined,
      members: e.members.map((m) => ({ ...m, role: m.role as MemberRole })),
      alerts: e.alerts.map((a) => ({ ...a, type: a.type as AlertType, urgency: a.urgency as Urgency })),
      signals: [...signals]
        .sort((a, b) => new Date(a.receivedAt).getTime() - new Date(b.receivedAt).getTime())
        .map((g) => ({
          signalId: g.signalId,
          type: g.type as AlertType,
          urgency: g.urgency as Urgency,
          reporterId: g.reporterId,
          ...(g.reporterRole ? { reporterRole: g.reporterRole } : {}),
          receivedAt: new Date(g.receivedAt),
          acknowledgeBy: new Date(g.acknowledgeBy),
          acknowledgedBy: g.acknowledgedBy ?? undefined,
          acknowledgedAt: g.acknowledgedAt ? new Date(g.acknowledgedAt) : undefined,
          escalationLevel: g.escalationLevel as 0 | 1 | 2,
          ...(g.origin === 'transfer' ? { origin: 'transfer' as const } : {}),
          ...(g.movedFromCaseId ? { movedFromCaseId: g.movedFromCaseId } : {}),
        })),
      openedAt: new Date(e.openedAt),
      ...(e.previousCaseId ? { previousCaseId: e.previousCaseId } : {}),
      ...(e.closedAt ? { closedAt: new Date(e.closedAt) } : {}),
      ...(e.closeOutcome ? { closeOutcome: e.closeOutcome as CloseOutcome } : {}),
      version: e.version,
    };
    return Case.restore(state);
  },

  toEntity(c: Case): CaseEntity {
    const s = c.snapshot;
    const e = new CaseEntity();
    Object.assign(e, {
      caseId: s.id,
      personRef: s.personRef,
      bassinId: s.bassinId,
      bassinNeedsConfirmation: s.bassinNeedsConfirmation,
      referenceBassin: s.referenceBassin,
      previousCaseId: s.previousCaseId ?? null,
      closedAt: s.closedAt ?? null,
      closeOutcome: s.closeOutcome ?? null,
      type: s.type,
      urgency: s.urgency,
      status: s.status,
      ownerId: s.ownerId,
      escalationChain: s.escalationChain,
      escalationLevel: s.escalationLevel,
      acknowledgeBy: s.acknowledgeBy,
      acknowledgedBy: s.acknowledgedBy ?? null,
      acknowledgedAt: s.acknowledgedAt ?? null,
      deadline: s.deadline ?? null,
      members: s.members,
      alerts: s.alerts,
      openedAt: s.openedAt,
      ackDueAt: c.nextAcknowledgementDue ?? null,
      pendingSignals: c.pendingSignals.length,
    });
    return e;
  },

  signalsToEntities(c: Case): SignalEntity[] {
    return c.snapshot.signals.map((g) =>
      Object.assign(new SignalEntity(), {
        signalId: g.signalId,
        caseId: c.id,
        type: g.type,
        urgency: g.urgency,
        reporterId: g.reporterId,
        reporterRole: g.reporterRole ?? null,
        receivedAt: g.receivedAt,
        acknowledgeBy: g.acknowledgeBy,
        acknowledgedBy: g.acknowledgedBy ?? null,
        acknowledgedAt: g.acknowledgedAt ?? null,
        escalationLevel: g.escalationLevel,
        origin: g.origin ?? null,
        movedFromCaseId: g.movedFromCaseId ?? null,
      }),
    );
  },
};
