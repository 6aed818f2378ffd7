import type { MeetingLocation } from '../../concertations/domain/concertation.aggregate.js';
import type { DatePoll } from '../domain/date-poll.js';

/** A date poll with what the meeting it leads to needs: where, who organises it, and the concertation once fixed. */
export interface PollRecord {
  poll: DatePoll;
  location: MeetingLocation;
  createdBy: string;
  concertationId?: string;
}

/**
 * Port: date polls (declared here, not in the domain, because a poll's location is a concertation's).
 * Writes join the ambient transaction.
 */
export abstract class DatePollRepository {
  abstract find(id: string, options?: { forUpdate?: boolean }): Promise<PollRecord | undefined>;
  /** Every poll of the case, latest first. */
  abstract listForCase(caseId: string): Promise<PollRecord[]>;
  abstract findByInvitation(invitationId: string): Promise<PollRecord | undefined>;
  abstract add(record: PollRecord, at: Date): Promise<void>;
  abstract saveAnswers(poll: DatePoll): Promise<void>;
  /** The poll closed, or a date chosen on it later: its outcome and the concertation it became. */
  abstract saveClosed(poll: DatePoll, concertationId: string | undefined): Promise<void>;
}
