import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { CaseStatus } from '../../../domain/case.types.js';
import type { WorklistCounts, WorklistPosition } from '../../ports/case-worklist.js';

export interface ListCasesCriteria {
  bassin?: string;
  status?: CaseStatus;
  urgency?: 'urgent' | 'normal';
  ownerIsMe?: boolean;
  hasUnacknowledgedSignals?: boolean;
  overdue?: boolean;
  deadlineBefore?: Date;
  needsBassinConfirmation?: boolean;
  limit: number;
  /** Where the previous page ended (its opaque cursor, decoded at the edge). */
  after?: WorklistPosition;
}

export interface WorklistItemView {
  caseId: string;
  bassinId: string;
  status: string;
  urgency: string;
  type: string;
  ownerId: string;
  escalationLevel: number;
  unacknowledgedSignals: number;
  nextAcknowledgementDue?: string;
  deadline?: string;
  dueAt?: string;
  dueKind: 'acknowledgement' | 'deadline' | 'review' | null;
  overdue: boolean;
  needsBassinConfirmation: boolean;
  openedAt: string;
}

export interface WorklistView {
  items: WorklistItemView[];
  /** Pass it as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
  counts: WorklistCounts;
}

/** The cases a reader may see, filtered, urgent first then by the earliest due time. */
export class ListCasesQuery extends Query<WorklistView> {
  constructor(
    readonly principal: Principal,
    readonly criteria: ListCasesCriteria,
  ) {
    super();
  }
}
