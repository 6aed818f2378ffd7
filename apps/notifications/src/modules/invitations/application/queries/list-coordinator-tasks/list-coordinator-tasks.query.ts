import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { CoordinatorTask, TaskKind, TaskOutcome } from '../../../domain/coordinator-task.js';

export interface CoordinatorTaskView {
  id: string;
  kind: TaskKind;
  status: string;
  invitationId: string;
  concertationId: string;
  sequence: number;
  /** For letters and calls: which message (invitation, update, cancellation, no-answer-reminder). */
  messageKind?: string;
  language?: string;
  /** Printable letter (HTML), for post-letter and phone-call tasks. */
  letterUrl?: string;
  /** Substitute proposals: directory ids of colleagues with the same role in the same organisation. */
  candidates?: string[];
  createdAt: string;
  closedAt?: string;
  /** Calls made so far (a posted letter counts one). */
  attempts: number;
  /** The last call's outcome, or `posted`. */
  outcome?: TaskOutcome;
  lastAttemptAt?: string;
  /** The coordinator who marked it done. */
  closedBy?: string;
}

export function toTaskView(t: CoordinatorTask): CoordinatorTaskView {
  return {
    id: t.id,
    kind: t.kind,
    status: t.status,
    invitationId: t.invitationId,
    concertationId: t.concertationId,
    sequence: t.sequence,
    ...(t.messageKind ? { messageKind: t.messageKind } : {}),
    ...(t.language ? { language: t.language } : {}),
    ...(t.letterId ? { letterUrl: `/v1/cases/${t.caseId}/tasks/${t.id}/letter` } : {}),
    ...(t.candidates ? { candidates: t.candidates } : {}),
    createdAt: t.createdAt.toISOString(),
    ...(t.closedAt ? { closedAt: t.closedAt.toISOString() } : {}),
    attempts: t.attempts,
    ...(t.outcome ? { outcome: t.outcome } : {}),
    ...(t.lastAttemptAt ? { lastAttemptAt: t.lastAttemptAt.toISOString() } : {}),
    ...(t.closedBy ? { closedBy: t.closedBy } : {}),
  };
}

/** The coordinator's to-do list for a case's invitations: letters to post, people to call, substitutes to find, invitees who never answered. */
export class ListCoordinatorTasksQuery extends Query<{ tasks: CoordinatorTaskView[] }> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
