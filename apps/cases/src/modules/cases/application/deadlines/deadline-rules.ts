import {
  DEADLINE_RANGE_REASONS,
  type DeadlineKind,
  deadlineOutOfRange,
  type DirectoryReadApi,
  mayDateDeadline,
} from '#concerto/contracts';
import { AppException } from '#concerto/ddd';
import type { CaseDeadline } from '../../domain/deadlines/case-deadline.js';

/** 422 naming the field: a date in the past or more than two years away cannot steer anything. */
export function requireDateInRange(dueAt: Date, now: Date, field: string): void {
  const out = deadlineOutOfRange(dueAt, now);
  if (out) {
    throw new AppException('DEADLINE_OUT_OF_RANGE', 'invalid', `The deadline ${DEADLINE_RANGE_REASONS[out]}.`, {
      errors: [{ field, reason: DEADLINE_RANGE_REASONS[out] }],
    });
  }
}

/** 403 naming the field: only a hospital dates a discharge, only the prison or justice side a release. */
export async function requireEntitled(
  directory: DirectoryReadApi,
  actorId: string,
  kind: DeadlineKind,
  field: string,
): Promise<void> {
  if (kind !== 'discharge' && kind !== 'release') {
    return;
  }
  const professional = await directory.findProfessional(actorId);
  if (!mayDateDeadline(kind, professional?.role)) {
    throw new AppException(
      'DEADLINE_KIND_NOT_ENTITLED',
      'forbidden',
      `Only the institution that decides it may set a ${kind} date.`,
      { errors: [{ field, reason: `your role may not set a ${kind} date` }] },
    );
  }
}

export interface DeadlineView {
  deadlineId: string;
  kind: DeadlineKind;
  dueAt: string;
  state: string;
  source: { kind: 'alert' | 'user'; alertId?: string; actorId: string };
  createdAt: string;
  updatedAt: string;
}

export function deadlineView(d: CaseDeadline): DeadlineView {
  const s = d.snapshot;
  return {
    deadlineId: s.id,
    kind: s.kind,
    dueAt: s.dueAt.toISOString(),
    state: s.state,
    source: { ...s.source },
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
