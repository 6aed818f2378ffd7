import type { CaseStatus } from '../../domain/case.types.js';

/** Where a page of the worklist resumes: the sort key of the last case of the previous page. */
export interface WorklistPosition {
  urgent: boolean;
  /** The case's earliest due time (ISO), or null when it has none (those sort last). */
  dueAt: string | null;
  caseId: string;
}

export interface WorklistFilter {
  /** The bassins the reader may see; undefined means every bassin (an administrator). */
  visibleBassins?: readonly string[];
  /** A bassin lead also sees every inter-bassin case (reference bassin `inter-bassin`, R16). */
  seesInterBassin?: boolean;
  bassin?: string;
  status?: CaseStatus;
  urgency?: 'urgent' | 'normal';
  ownerId?: string;
  hasUnacknowledgedSignals?: boolean;
  overdue?: boolean;
  deadlineBefore?: Date;
  needsBassinConfirmation?: boolean;
  now: Date;
  limit: number;
  after?: WorklistPosition;
}

/** What a worklist row's due time is: the next acknowledgement, a hard deadline or a planned review. */
export type WorklistDueKind = 'acknowledgement' | 'deadline' | 'review';

export interface WorklistRow {
  caseId: string;
  bassinId: string;
  status: string;
  urgency: string;
  type: string;
  ownerId: string;
  escalationLevel: number;
  pendingSignals: number;
  nextAcknowledgementDue?: Date;
  deadline?: Date;
  dueAt?: Date;
  /** What `dueAt` is; null when the case has nothing due. */
  dueKind: WorklistDueKind | null;
  overdue: boolean;
  needsBassinConfirmation: boolean;
  openedAt: Date;
}

/** How many of the reader's cases fall in each bucket (the bassin filter applies, the others do not). */
export interface WorklistCounts {
  open: number;
  urgent: number;
  unacknowledged: number;
  overdue: number;
  escalated: number;
  needsBassinConfirmation: number;
}

/** Port: the worklist read model (sorted by urgency, then by the earliest due time). */
export abstract class CaseWorklist {
  abstract page(filter: WorklistFilter): Promise<WorklistRow[]>;
  abstract counts(
    filter: Pick<WorklistFilter, 'visibleBassins' | 'seesInterBassin' | 'bassin' | 'now'>,
  ): Promise<WorklistCounts>;
}
