import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { TaskKind } from '../../../domain/coordinator-task.js';

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
