import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { MeetingLocation } from '../../../domain/concertation.aggregate.js';

/** Where a meeting stands: planned (or moved since), cancelled, or recorded as held or not held. */
export type MeetingStatus = 'scheduled' | 'moved' | 'cancelled' | 'held' | 'not-held';

export interface MeetingSummary {
  id: string;
  status: MeetingStatus;
  start: string;
  end: string;
  location: { kind: MeetingLocation['kind'] };
  /** How many times it was moved. */
  sequence: number;
  /** Invitation answers counted: no names here, the meeting's own page has them. */
  answers: { invited: number; accepted: number; declined: number; writtenInput: number; waiting: number };
  consentWithdrawn?: boolean;
}

/** A case's meetings, latest first, for its bassin's coordinators (read audited like one meeting's). */
export class ListCaseConcertationsQuery extends Query<{ concertations: MeetingSummary[] }> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
