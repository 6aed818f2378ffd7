import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { Concertation, type ConcertationState, type MeetingLocation } from '../../domain/concertation.aggregate.js';
import { ConcertationRepository, type RoomBooking } from '../../domain/concertation.repository.js';

interface ConcertationRow {
  id: string;
  case_id: string;
  status: ConcertationState['status'];
  start_at: Date;
  end_at: Date;
  location: MeetingLocation;
  sequence: number;
  invitations: ConcertationState['invitations'];
  created_by: string;
  version: number;
}

@Injectable()
export class SqlConcertationRepository extends ConcertationRepository {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async find(id: string, options: { forUpdate?: boolean } = {}): Promise<Concertation | undefined> {
    const [r] = await queryRows<ConcertationRow>(
      this.uow.manager,
      `SELECT * FROM "scheduling"."concertations" WHERE "id" = $1 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return r ? toDomain(r) : undefined;
  }

  async findByInvitation(
    invitationId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<Concertation | undefined> {
    const [idx] = await queryRows<{ concertation_id: string }>(
      this.uow.manager,
      `SELECT "concertation_id" FROM "scheduling"."invitation_index" WHERE "invitation_id" = $1`,
      [invitationId],
    );
    return idx ? this.find(idx.concertation_id, options) : undefined;
  }

  async nextForCase(caseId: string, after: Date): Promise<Concertation | undefined> {
    const [r] = await queryRows<ConcertationRow>(
      this.uow.manager,
      `SELECT * FROM "scheduling"."concertations" WHERE "case_id" = $1 AND "status" <> 'cancelled' AND "end_at" > $2
       ORDER BY "start_at" LIMIT 1`,
      [caseId, after],
    );
    return r ? toDomain(r) : undefined;
  }

  async listForCase(caseId: string): Promise<Concertation[]> {
    const rows = await queryRows<ConcertationRow>(
      this.uow.manager,
      `SELECT * FROM "scheduling"."concertations" WHERE "case_id" = $1 ORDER BY "start_at" DESC, "id"`,
      [caseId],
    );
    return rows.map(toDomain);
  }

  async add(meeting: Concertation): Promise<void> {
    await this.save(meeting);
    const s = meeting.snapshot;
    const manager = this.uow.transaction.requireManager();
    for (const inv of s.invitations) {
      await manager.query(
        `INSERT INTO "scheduling"."invitation_index" ("invitation_id","concertation_id","participant_id") VALUES ($1,$2,$3)`,
        [inv.id, s.id, inv.participantId],
      );
    }
  }

  async save(meeting: Concertation): Promise<void> {
    const s = meeting.snapshot;
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "scheduling"."concertations" ("id","case_id","status","start_at","end_at","location","sequence","invitations","created_by","created_at","version")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,1)
       ON CONFLICT ("id") DO UPDATE SET "status"=$3,"start_at"=$4,"end_at"=$5,"location"=$6,"sequence"=$7,"invitations"=$8,"version"="concertations"."version"+1`,
      [
        s.id,
        s.caseId,
        s.status,
        s.start,
        s.end,
        JSON.stringify(s.location),
        s.sequence,
        JSON.stringify(s.invitations),
        s.createdBy,
        this.clock.now(),
      ],
    );
  }

  async roomBookings(from: Date, to: Date): Promise<RoomBooking[]> {
    const rows = await queryRows<{ room_id: string; start_at: Date; end_at: Date }>(
      this.uow.manager,
      `SELECT "location"->>'roomId' AS room_id, "start_at", "end_at" FROM "scheduling"."concertations" WHERE "status" = 'scheduled' AND "location"->>'roomId' IS NOT NULL AND "end_at" > $1 AND "start_at" < $2`,
      [from, to],
    );
    return rows.map((r) => ({ roomId: r.room_id, start: new Date(r.start_at), end: new Date(r.end_at) }));
  }
}

function toDomain(r: ConcertationRow): Concertation {
  return Concertation.restore({
    id: r.id,
    caseId: r.case_id,
    status: r.status,
    start: new Date(r.start_at),
    end: new Date(r.end_at),
    location: r.location,
    sequence: r.sequence,
    invitations: r.invitations,
    createdBy: r.created_by,
    version: r.version,
  });
}
