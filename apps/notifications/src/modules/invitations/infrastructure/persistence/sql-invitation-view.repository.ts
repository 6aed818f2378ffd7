import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import type { Answer, InvitationChannel } from '../../domain/invitation-planning.js';
import {
  CaseBassinRepository,
  type CancelledInvitation,
  type InvitationView,
  InvitationViewRepository,
  type PlannedInvitation,
} from '../../domain/invitation-view.js';

const S = 'notifications';

interface InvitationViewRow {
  invitation_id: string;
  concertation_id: string;
  case_id: string;
  participant_id: string;
  participant_kind: string;
  professional_id: string | null;
  required: boolean;
  channels: InvitationChannel[];
  sequence: number;
  meeting_status: 'scheduled' | 'cancelled';
  start_at: Date | null;
  end_at: Date | null;
  previous_start_at: Date | null;
  answer: Answer | null;
  substitute_candidates: string[] | null;
  escalation_step: number;
}

function toView(r: InvitationViewRow): InvitationView {
  return {
    invitationId: r.invitation_id,
    concertationId: r.concertation_id,
    caseId: r.case_id,
    participantId: r.participant_id,
    participantKind: r.participant_kind,
    ...(r.professional_id ? { professionalId: r.professional_id } : {}),
    required: r.required,
    channels: r.channels,
    sequence: r.sequence,
    meetingStatus: r.meeting_status,
    ...(r.start_at ? { startAt: new Date(r.start_at) } : {}),
    ...(r.end_at ? { endAt: new Date(r.end_at) } : {}),
    ...(r.previous_start_at ? { previousStartAt: new Date(r.previous_start_at) } : {}),
    ...(r.answer ? { answer: r.answer } : {}),
    ...(r.substitute_candidates ? { substituteCandidates: r.substitute_candidates } : {}),
    escalationStep: r.escalation_step,
  };
}

/** The invitation_view table: scheduling's invitations as notifications follows them. */
@Injectable()
export class SqlInvitationViewRepository extends InvitationViewRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async find(invitationId: string, options: { lock?: boolean } = {}): Promise<InvitationView | undefined> {
    const [row] = await queryRows<InvitationViewRow>(
      options.lock ? this.uow.transaction.requireManager() : this.uow.manager,
      `SELECT * FROM "${S}"."invitation_view" WHERE "invitation_id" = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [invitationId],
    );
    return row ? toView(row) : undefined;
  }

  async ofCase(caseId: string): Promise<InvitationView[]> {
    const rows = await queryRows<InvitationViewRow>(
      this.uow.manager,
      `SELECT * FROM "${S}"."invitation_view" WHERE "case_id" = $1`,
      [caseId],
    );
    return rows.map(toView);
  }

  async scheduledInvitees(concertationId: string, sequence: number): Promise<InvitationView[]> {
    const rows = await queryRows<InvitationViewRow>(
      this.uow.manager,
      `SELECT * FROM "${S}"."invitation_view" WHERE "concertation_id" = $1 AND "sequence" = $2 AND "meeting_status" = 'scheduled' ORDER BY "invitation_id"`,
      [concertationId, sequence],
    );
    return rows.map(toView);
  }

  async meetingPlanned(i: PlannedInvitation, at: Date): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "${S}"."invitation_view" ("invitation_id","concertation_id","case_id","participant_id","participant_kind","professional_id","required","channels","sequence",
         "meeting_status","start_at","end_at","previous_start_at","substitute_candidates","escalation_step","updated_at")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'scheduled',$10,$11,$12,$13,0,$14)
       ON CONFLICT ("invitation_id") DO UPDATE SET
         "participant_kind" = CASE WHEN $5 = 'unknown' THEN "invitation_view"."participant_kind" ELSE $5 END,
         "professional_id" = COALESCE($6, "invitation_view"."professional_id"),
         "required" = $7, "channels" = $8, "sequence" = $9, "meeting_status" = 'scheduled', "start_at" = $10, "end_at" = $11, "previous_start_at" = $12,
         "substitute_candidates" = COALESCE($13, "invitation_view"."substitute_candidates"),
         "answer" = CASE WHEN $15 THEN "invitation_view"."answer" ELSE NULL END,
         "answered_sequence" = CASE WHEN $15 THEN "invitation_view"."answered_sequence" ELSE NULL END,
         "answered_at" = CASE WHEN $15 THEN "invitation_view"."answered_at" ELSE NULL END,
         "escalation_step" = 0, "updated_at" = $14`,
      [
        i.invitationId,
        i.concertationId,
        i.caseId,
        i.participantId,
        i.participantKind,
        i.professionalId ?? null,
        i.required,
        JSON.stringify(i.channels),
        i.sequence,
        i.start,
        i.end,
        i.previousStart ?? null,
        i.substituteCandidates ? JSON.stringify(i.substituteCandidates) : null,
        at,
        i.keepAnswer,
      ],
    );
  }

  async meetingCancelled(i: CancelledInvitation, at: Date): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "${S}"."invitation_view" ("invitation_id","concertation_id","case_id","participant_id","required","channels","sequence","meeting_status","updated_at")
       VALUES ($1,$2,$3,$4,$5,$6,$7,'cancelled',$8)
       ON CONFLICT ("invitation_id") DO UPDATE SET "sequence" = $7, "meeting_status" = 'cancelled', "channels" = $6, "updated_at" = $8`,
      [
        i.invitationId,
        i.concertationId,
        i.caseId,
        i.participantId,
        i.required,
        JSON.stringify(i.channels),
        i.sequence,
        at,
      ],
    );
  }

  async answered(
    invitationId: string,
    a: { answer: Answer; sequence: number; answeredAt: Date },
    at: Date,
  ): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "${S}"."invitation_view" SET "answer" = $2, "answered_sequence" = $3, "answered_at" = $4, "updated_at" = $5 WHERE "invitation_id" = $1`,
        [invitationId, a.answer, a.sequence, a.answeredAt, at],
      );
  }

  async firstSent(invitationId: string, at: Date): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "${S}"."invitation_view" SET "first_sent_at" = COALESCE("first_sent_at", $2) WHERE "invitation_id" = $1`,
        [invitationId, at],
      );
  }

  async escalated(invitationId: string, step: number, at: Date): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "${S}"."invitation_view" SET "escalation_step" = GREATEST("escalation_step", $2), "updated_at" = $3 WHERE "invitation_id" = $1`,
        [invitationId, step, at],
      );
  }
}

/** The case_view table: each case's bassin (from cases.case.v1, or from the invitation events). */
@Injectable()
export class SqlCaseBassinRepository extends CaseBassinRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async record(caseId: string, bassinId: string, at: Date): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `INSERT INTO "${S}"."case_view" ("case_id","bassin_id","opened_at") VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`,
        [caseId, bassinId, at],
      );
  }

  async moved(caseId: string, bassinId: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`UPDATE "${S}"."case_view" SET "bassin_id" = $2 WHERE "case_id" = $1`, [caseId, bassinId]);
  }

  async bassinOf(caseId: string): Promise<string | undefined> {
    const [row] = await queryRows<{ bassin_id: string }>(
      this.uow.manager,
      `SELECT "bassin_id" FROM "${S}"."case_view" WHERE "case_id" = $1`,
      [caseId],
    );
    return row?.bassin_id;
  }
}
