import type { PageChannel } from './page.js';

/**
 * What a reporter is told about the case their alert landed on (issue 15): that someone owns it,
 * and at the end that it closed. Status only: no name, no outcome, nothing reported.
 */
export type FeedbackKind = 'owned' | 'closed';

export interface NewCaseFeedback {
  caseId: string;
  reporterId: string;
  kind: FeedbackKind;
}

export interface CaseFeedback extends NewCaseFeedback {
  id: string;
  createdAt: Date;
}

/** One reporter's feedback, its channels chosen (from the directory) before the transaction. */
export interface PlannedFeedback {
  feedback: NewCaseFeedback;
  channels: PageChannel[];
}

/** Port: one row per (case, reporter, kind), its unique key the idempotency guard. */
export abstract class CaseFeedbackRepository {
  /** Records the feedback unless it exists; the row and whether it was created now. */
  abstract record(f: NewCaseFeedback, at: Date): Promise<{ feedback: CaseFeedback; created: boolean }>;
  abstract find(id: string): Promise<CaseFeedback | undefined>;
}
