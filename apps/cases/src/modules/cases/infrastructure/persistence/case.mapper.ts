import type { AlertType, BassinId, Urgency } from '#concerto/contracts';
import { Case } from '../../domain/case.aggregate.js';
import type { CaseState, CaseStatus, MemberRole } from '../../domain/case.types.js';
import { CaseEntity } from './case.entity.js';

export const CaseMapper = {
  toDomain(e: CaseEntity): Case {
    const state: CaseState = {
      id: e.caseId,
      personRef: e.personRef,
      bassinId: e.bassinId as BassinId,
      bassinNeedsConfirmation: e.bassinNeedsConfirmation,
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
      openedAt: new Date(e.openedAt),
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
    });
    return e;
  },
};
