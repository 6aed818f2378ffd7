import type { Answer, InvitationChannel } from './invitation-planning.js';

/** An invitation as notifications follows it: ids, channels, dates and the answer; never a name or a contact detail. */
export interface InvitationView {
  invitationId: string;
  concertationId: string;
  caseId: string;
  participantId: string;
  participantKind: string;
  professionalId?: string;
  required: boolean;
  channels: InvitationChannel[];
  sequence: number;
  meetingStatus: 'scheduled' | 'cancelled';
  startAt?: Date;
  endAt?: Date;
  previousStartAt?: Date;
  answer?: Answer;
  substituteCandidates?: string[];
  escalationStep: number;
}

export interface PlannedInvitation {
  invitationId: string;
  concertationId: string;
  caseId: string;
  participantId: string;
  /** 'unknown' keeps what was known before. */
  participantKind: string;
  professionalId?: string;
  required: boolean;
  channels: InvitationChannel[];
  sequence: number;
  start: Date;
  end: Date;
  previousStart?: Date;
  /** Undefined keeps the candidates known before. */
  substituteCandidates?: string[];
  /** Written input stays useful whatever the date; attendance answers must be given again. */
  keepAnswer: boolean;
}

export interface CancelledInvitation {
  invitationId: string;
  concertationId: string;
  caseId: string;
  participantId: string;
  required: boolean;
  channels: InvitationChannel[];
  sequence: number;
}

/** The invitation view (a projection of scheduling's events). Writes join the ambient transaction. */
export abstract class InvitationViewRepository {
  /** With `lock`, the row stays locked until the transaction ends (a timer and an answer must not cross). */
  abstract find(invitationId: string, options?: { lock?: boolean }): Promise<InvitationView | undefined>;
  /** The invitees of this version of a scheduled meeting. */
  /** Every invitation of the case's meetings, as last planned. */
  abstract ofCase(caseId: string): Promise<InvitationView[]>;
  abstract scheduledInvitees(concertationId: string, sequence: number): Promise<InvitationView[]>;
  abstract meetingPlanned(invitation: PlannedInvitation, at: Date): Promise<void>;
  abstract meetingCancelled(invitation: CancelledInvitation, at: Date): Promise<void>;
  abstract answered(
    invitationId: string,
    answer: { answer: Answer; sequence: number; answeredAt: Date },
    at: Date,
  ): Promise<void>;
  /** The first message of the invitation left (kept from the first time). */
  abstract firstSent(invitationId: string, at: Date): Promise<void>;
  abstract escalated(invitationId: string, step: number, at: Date): Promise<void>;
}

/** Which bassin each case belongs to: who may read its coordinator tasks. */
export abstract class CaseBassinRepository {
  /** First known bassin wins. */
  abstract record(caseId: string, bassinId: string, at: Date): Promise<void>;
  /** A transfer moves the case (same id, same history): its new bassin's coordinators read its tasks. */
  abstract moved(caseId: string, bassinId: string): Promise<void>;
  abstract bassinOf(caseId: string): Promise<string | undefined>;
}
