import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { coordinatesBassin, type Principal } from '#concerto/auth';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog, queryRows } from '#concerto/persistence';
import { NOTIFICATIONS_DB } from '../../../notifications.tokens.js';
import { LetterStore } from '../infrastructure/letter-store.js';
import type { TaskKind } from './delivery-ledger.js';

const S = 'notifications';

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

interface TaskRow {
  id: string;
  case_id: string;
  invitation_id: string;
  concertation_id: string;
  sequence: number;
  kind: TaskKind;
  message_kind: string | null;
  status: string;
  language: string | null;
  letter_id: string | null;
  letter_path: string | null;
  candidates: string[] | null;
  created_at: Date;
  closed_at: Date | null;
}

/**
 * The coordinator's to-do list for a case's invitations: letters to post, people to call,
 * substitutes to find, invitees who never answered. Only the bassin's coordinators see it, and
 * every read is audited (letters hold names and addresses).
 */
@Injectable()
export class CoordinatorTasksService {
  constructor(
    @Inject(NOTIFICATIONS_DB) private readonly ds: DataSource,
    private readonly audit: AuditLog,
    private readonly letters: LetterStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(caseId: string, principal: Principal): Promise<{ tasks: CoordinatorTaskView[] }> {
    await this.requireCoordinator(caseId, principal, 'read-coordinator-tasks');
    const rows = await queryRows<TaskRow>(this.ds, `SELECT * FROM "${S}"."coordinator_tasks" WHERE "case_id" = $1 ORDER BY "created_at", "id"`, [caseId]);
    return { tasks: rows.map((r) => toView(r)) };
  }

  async letter(caseId: string, taskId: string, principal: Principal): Promise<{ contentType: string; body: Buffer }> {
    await this.requireCoordinator(caseId, principal, 'read-letter');
    const [row] = await queryRows<TaskRow>(this.ds, `SELECT * FROM "${S}"."coordinator_tasks" WHERE "case_id" = $1 AND "id" = $2`, [caseId, taskId]);
    const letter = row?.letter_id ? await this.letters.read(row.letter_id) : undefined;
    if (!letter) {
      throw new AppException('LETTER_NOT_FOUND', 'not-found', 'No letter for this task.');
    }
    return letter;
  }

  private async requireCoordinator(caseId: string, principal: Principal, purpose: string): Promise<void> {
    const [view] = await queryRows<{ bassin_id: string }>(this.ds, `SELECT "bassin_id" FROM "${S}"."case_view" WHERE "case_id" = $1`, [caseId]);
    const allowed = !!view && coordinatesBassin(principal, view.bassin_id);
    await this.audit.record(this.ds.manager, {
      actorId: principal.userId,
      action: allowed ? 'read' : 'denied',
      subjectType: 'case',
      subjectId: caseId,
      purpose,
      outcome: allowed ? 'allowed' : 'denied',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
    if (!allowed) {
      throw new AppException('CASE_NOT_FOUND', 'not-found', 'No such case.');
    }
  }
}

function toView(r: TaskRow): CoordinatorTaskView {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    invitationId: r.invitation_id,
    concertationId: r.concertation_id,
    sequence: r.sequence,
    ...(r.message_kind ? { messageKind: r.message_kind } : {}),
    ...(r.language ? { language: r.language } : {}),
    ...(r.letter_id ? { letterUrl: `/v1/cases/${r.case_id}/tasks/${r.id}/letter` } : {}),
    ...(r.candidates ? { candidates: r.candidates } : {}),
    createdAt: new Date(r.created_at).toISOString(),
    ...(r.closed_at ? { closedAt: new Date(r.closed_at).toISOString() } : {}),
  };
}
