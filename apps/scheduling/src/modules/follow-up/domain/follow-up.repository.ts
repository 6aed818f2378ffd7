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

/** Port: the case's referent (one per open case, R10): a care-team participant with a phone. */
export abstract class ReferentRepository {
  abstract find(caseId: string): Promise<string | undefined>;
  abstract designate(caseId: string, participantId: string, by: string, at: Date): Promise<void>;
}
