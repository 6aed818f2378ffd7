import type { Concertation } from './concertation.aggregate.js';

/** A room taken by a scheduled concertation, for the slot search. */
export interface RoomBooking {
  roomId: string;
  start: Date;
  end: Date;
}

/** Port: concertations, found by id or by one of their invitations. Writes join the ambient transaction. */
export abstract class ConcertationRepository {
  abstract find(id: string, options?: { forUpdate?: boolean }): Promise<Concertation | undefined>;
  abstract findByInvitation(invitationId: string, options?: { forUpdate?: boolean }): Promise<Concertation | undefined>;
  /** A new concertation, with the index of its invitations. */
  /** The case's next meeting that is not over and not cancelled, if any. */
  abstract nextForCase(caseId: string, after: Date): Promise<Concertation | undefined>;
  /** Every meeting of the case, cancelled ones included, latest start first. */
  abstract listForCase(caseId: string): Promise<Concertation[]>;
  abstract add(meeting: Concertation): Promise<void>;
  abstract save(meeting: Concertation): Promise<void>;
  abstract roomBookings(from: Date, to: Date): Promise<RoomBooking[]>;
}
