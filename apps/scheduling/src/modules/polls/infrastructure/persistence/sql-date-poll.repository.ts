import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import type { MeetingLocation } from '../../../concertations/domain/concertation.aggregate.js';
import { DatePollRepository, type PollRecord } from '../../application/date-poll.repository.js';
import { DatePoll, type DatePollState, type PollOutcome } from '../../domain/date-poll.js';

interface PollRow {
  id: string;
  case_id: string;
  options: Array<{ start: string; end: string }>;
  location: MeetingLocation;
  closes_at: Date;
  status: DatePollState['status'];
  invitations: DatePollState['invitations'];
  answers: DatePollState['answers'];
  concertation_id: string | null;
  outcome: PollOutcome | null;
  created_by: string;
}

@Injectable()
export class SqlDatePollRepository extends DatePollRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async find(id: string, options: { forUpdate?: boolean } = {}): Promise<PollRecord | undefined> {
    const [row] = await queryRows<PollRow>(
      this.uow.manager,
      `SELECT * FROM "scheduling"."polls" WHERE "id" = $1 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return row ? toRecord(row) : undefined;
  }

  async listForCase(caseId: string): Promise<PollRecord[]> {
    const rows = await queryRows<PollRow>(
      this.uow.manager,
      `SELECT * FROM "scheduling"."polls" WHERE "case_id" = $1 ORDER BY "created_at" DESC, "id"`,
      [caseId],
    );
    return rows.map(toRecord);
  }

  async findByInvitation(invitationId: string): Promise<PollRecord | undefined> {
    const [row] = await queryRows<PollRow>(
      this.uow.manager,
      `SELECT * FROM "scheduling"."polls" WHERE "invitations" @> $1::jsonb`,
      [JSON.stringify([{ id: invitationId }])],
    );
    return row ? toRecord(row) : undefined;
  }

  async add({ poll, location, createdBy }: PollRecord, at: Date): Promise<void> {
    const s = poll.snapshot;
    await this.uow.transaction
      .requireManager()
      .query(
        `INSERT INTO "scheduling"."polls" ("id","case_id","options","location","closes_at","status","invitations","answers","created_by","created_at") VALUES ($1,$2,$3,$4,$5,'open',$6,'{}'::jsonb,$7,$8)`,
        [
          s.id,
          s.caseId,
          JSON.stringify(s.options),
          JSON.stringify(location),
          s.closesAt,
          JSON.stringify(s.invitations),
          createdBy,
          at,
        ],
      );
  }

  async saveAnswers(poll: DatePoll): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`UPDATE "scheduling"."polls" SET "answers" = $2 WHERE "id" = $1`, [
        poll.id,
        JSON.stringify(poll.snapshot.answers),
      ]);
  }

  async saveClosed(poll: DatePoll, concertationId: string | undefined): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "scheduling"."polls" SET "status" = 'closed', "outcome" = $2, "concertation_id" = $3 WHERE "id" = $1`,
        [poll.id, JSON.stringify(poll.snapshot.outcome), concertationId ?? null],
      );
  }
}

function toRecord(r: PollRow): PollRecord {
  const poll = DatePoll.restore({
    id: r.id,
    caseId: r.case_id,
    options: r.options.map((o) => ({ start: new Date(o.start), end: new Date(o.end) })),
    closesAt: new Date(r.closes_at),
    status: r.status,
    invitations: r.invitations,
    answers: r.answers,
    ...(r.outcome ? { outcome: r.outcome } : {}),
  });
  return {
    poll,
    location: r.location,
    createdBy: r.created_by,
    ...(r.concertation_id ? { concertationId: r.concertation_id } : {}),
  };
}
