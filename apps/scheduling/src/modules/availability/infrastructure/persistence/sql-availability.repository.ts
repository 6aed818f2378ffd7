import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import type { BusyInterval } from '../../../slots/domain/slot-search.types.js';
import type { WeeklyHours } from '../../../slots/domain/weekly-hours.value-object.js';
import { AvailabilityRepository, type RoomView } from '../../application/availability.repository.js';

@Injectable()
export class SqlAvailabilityRepository extends AvailabilityRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async setWeeklyHours(ownerId: string, hours: WeeklyHours, at: Date): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "scheduling"."weekly_hours" ("owner_id","hours","updated_at") VALUES ($1,$2,$3)
       ON CONFLICT ("owner_id") DO UPDATE SET "hours" = $2, "updated_at" = $3`,
      [ownerId, JSON.stringify(hours), at],
    );
  }

  async replaceBusy(ownerId: string, source: 'api' | 'ical', blocks: BusyInterval[], at: Date): Promise<void> {
    const m = this.uow.transaction.requireManager();
    await m.query(`DELETE FROM "scheduling"."busy_blocks" WHERE "owner_id" = $1 AND "source" = $2`, [ownerId, source]);
    if (blocks.length === 0) {
      return;
    }
    // One statement for the whole import (issue 14: row-by-row inserts held the single embedded
    // database for seconds); the arrays travel as three parameters, whatever the number of blocks.
    await m.query(
      `INSERT INTO "scheduling"."busy_blocks" ("id","owner_id","start_at","end_at","source","created_at")
       SELECT b."id", $1, b."start_at", b."end_at", $2, $3
       FROM unnest($4::uuid[], $5::timestamptz[], $6::timestamptz[]) AS b("id","start_at","end_at")`,
      [
        ownerId,
        source,
        at,
        blocks.map(() => randomUUID()),
        blocks.map((b) => b.start.toISOString()),
        blocks.map((b) => b.end.toISOString()),
      ],
    );
  }

  async weeklyHoursOf(ownerIds: string[]): Promise<Map<string, WeeklyHours>> {
    const rows = await queryRows<{ owner_id: string; hours: WeeklyHours }>(
      this.uow.manager,
      `SELECT "owner_id","hours" FROM "scheduling"."weekly_hours" WHERE "owner_id" = ANY($1)`,
      [ownerIds],
    );
    return new Map(rows.map((r) => [r.owner_id, r.hours]));
  }

  async busyOf(ownerIds: string[], from: Date, to: Date): Promise<Map<string, BusyInterval[]>> {
    const rows = await queryRows<{ owner_id: string; start_at: Date; end_at: Date }>(
      this.uow.manager,
      `SELECT "owner_id","start_at","end_at" FROM "scheduling"."busy_blocks" WHERE "owner_id" = ANY($1) AND "end_at" > $2 AND "start_at" < $3 ORDER BY "start_at"`,
      [ownerIds, from, to],
    );
    const map = new Map<string, BusyInterval[]>();
    for (const r of rows) {
      const list = map.get(r.owner_id) ?? [];
      list.push({ start: new Date(r.start_at), end: new Date(r.end_at) });
      map.set(r.owner_id, list);
    }
    return map;
  }

  async addRoom(room: RoomView): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `INSERT INTO "scheduling"."rooms" ("id","bassin_id","name","capacity","step_free") VALUES ($1,$2,$3,$4,$5)`,
        [room.id, room.bassinId, room.name, room.capacity, room.stepFree],
      );
  }

  async rooms(bassinId: string): Promise<RoomView[]> {
    const rows = await queryRows<{ id: string; bassin_id: string; name: string; capacity: number; step_free: boolean }>(
      this.uow.manager,
      `SELECT * FROM "scheduling"."rooms" WHERE "bassin_id" = $1 ORDER BY "name"`,
      [bassinId],
    );
    return rows.map((r) => ({
      id: r.id,
      bassinId: r.bassin_id,
      name: r.name,
      capacity: r.capacity,
      stepFree: r.step_free,
    }));
  }
}
