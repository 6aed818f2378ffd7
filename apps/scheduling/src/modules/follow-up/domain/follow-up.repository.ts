import type { ActionItem } from './action-item.aggregate.js';
import type { ConcertationRecord } from './concertation-record.aggregate.js';

/** Port: concertation records; every amendment keeps the previous version. Writes join the ambient transaction. */
export abstract class ConcertationRecordRepository {
  abstract findByConcertation(
    concertationId: string,
    options?: { forUpdate?: boolean },
  ): Promise<ConcertationRecord | undefined>;
  abstract find(recordId: string, options?: { forUpdate?: boolean }): Promise<ConcertationRecord | undefined>;
  abstract listByCase(caseId: string): Promise<ConcertationRecord[]>;
  abstract add(record: ConcertationRecord): Promise<void>;
  /** Saves the new version and keeps the previous one, with who amended it and why. */
  abstract amend(record: ConcertationRecord, previous: ConcertationRecord, reason: string | undefined): Promise<void>;
  abstract versions(
    recordId: string,
  ): Promise<Array<{ version: number; amendedBy: string; amendedAt: Date; reason?: string }>>;
}

/** Port: action items. */
export abstract class ActionItemRepository {
  abstract find(itemId: string, options?: { forUpdate?: boolean }): Promise<ActionItem | undefined>;
  abstract listByCase(caseId: string): Promise<ActionItem[]>;
  /** Open items (open, blocked, awaiting confirmation) owned by a professional's participations or organisation. */
  abstract listOpenOwnedBy(owner: { professionalId: string; organisationId?: string }): Promise<ActionItem[]>;
  abstract add(item: ActionItem): Promise<void>;
  abstract save(item: ActionItem): Promise<void>;
}

/**
 * What the engine prepared for a case's next review, ahead of it: slots proposed for the team's
 * concertation, or the referent's check-in task. Ids, days and instants only.
 */
export interface ReviewProposal {
  caseId: string;
  recordId: string;
  reviewOn: string;
  kind: 'concertation' | 'check-in';
  status: 'slots-proposed' | 'no-slot' | 'check-in-task' | 'no-referent';
  slots: Array<{ start: Date; end: Date; localStart: string; localEnd: string; missingRequired: number }>;
  actionItemId?: string;
  preparedAt: Date;
}

/** Port: the next review's preparation, one per case (the latest record's review). */
export abstract class ReviewProposalRepository {
  abstract find(caseId: string): Promise<ReviewProposal | undefined>;
  abstract save(proposal: ReviewProposal): Promise<void>;
}

/** Port: the case's referent (one per open case, R10): a care-team participant with a phone. */
export abstract class ReferentRepository {
  abstract find(caseId: string): Promise<string | undefined>;
  abstract designate(caseId: string, participantId: string, by: string, at: Date): Promise<void>;
}
