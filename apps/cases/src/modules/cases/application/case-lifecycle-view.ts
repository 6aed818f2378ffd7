import type { Case } from '../domain/case.aggregate.js';
import type { CaseLifecycleView } from './commands/close-case/close-case.command.js';

/** What a lifecycle command (close, reopen, transfer, bassin confirmation) answers: ids and statuses. */
export function lifecycleView(c: Case): CaseLifecycleView {
  const s = c.snapshot;
  return {
    caseId: s.id,
    status: s.status,
    bassinId: s.bassinId,
    referenceBassin: s.referenceBassin,
    ownerId: s.ownerId,
    ...(s.closeOutcome ? { closeOutcome: s.closeOutcome } : {}),
    ...(s.closedAt ? { closedAt: s.closedAt.toISOString() } : {}),
    pendingSignals: c.pendingSignals.length,
  };
}
