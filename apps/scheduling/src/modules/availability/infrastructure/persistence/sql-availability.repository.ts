import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import type { BusyInterval } from '../../../slots/domain/slot-search.types.js';
import type { WeeklyHours } from '../../../slots/domain/weekly-hours.value-object.js';
import { AvailabilityRepository, type BusySource, type RoomView } from '../../application/availability.repository.js';

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

  async stageBusy(
    ownerId: string,
    source: BusySource,
    version: string,
    blocks: BusyInterval[],
    at: Date,
  ): Promise<void> {
    if (blocks.length === 0) {
      return;
    }
    // One statement per chunk; the arrays travel as three parameters, whatever the number of blocks.
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "scheduling"."busy_blocks" ("id","owner_id","start_at","end_at","source","version","created_at")
       SELECT b."id", $1, b."start_at", b."end_at", $2, $3, $4
       FROM unnest($5::uuid[], $6::timestamptz[], $7::timestamptz[]) AS b("id","start_at","end_at")`,
      [
        ownerId,
        source,
        version,
        at,
        blocks.map(() => randomUUID()),
        blocks.map((b) => b.start.toISOString()),
        blocks.map((b) => b.end.toISOString()),
      ],
    );
  }

  async switchBusy(ownerId: string, source: BusySource, version: string, count: number, at: Date): Promise<boolean> {
    const m = this.uow.transaction.requireManager();
    // The same lock as deleteStaleBusy: a writer of this calendar in another process cannot delete
    // these rows between the count and the switch.
    await this.lockCalendar(ownerId, source);
    const [{ n }] = await queryRows<{ n: string }>(
      m,
      `SELECT count(*) AS n FROM "scheduling"."busy_blocks" WHERE "owner_id" = $1 AND "source" = $2 AND "version" = $3`,
      [ownerId, source, version],
    );
    if (Number(n) !== count) {
      return false;
    }
    await m.query(
      `INSERT INTO "scheduling"."busy_calendars" ("owner_id","source","version","switched_at") VALUES ($1,$2,$3,$4)
       ON CONFLICT ("owner_id","source") DO UPDATE SET "version" = $3, "switched_at" = $4`,
      [ownerId, source, version, at],
    );
    return true;
  }

  async deleteStaleBusy(ownerId: string, source: BusySource, limit: number): Promise<number> {
    const m = this.uow.transaction.requireManager();
    await this.lockCalendar(ownerId, source);
    const rows = await queryRows<{ id: string }>(
      m,
      `DELETE FROM "scheduling"."busy_blocks" WHERE "id" IN (
         SELECT b."id" FROM "scheduling"."busy_blocks" b
         LEFT JOIN "scheduling"."busy_calendars" c ON c."owner_id" = b."owner_id" AND c."source" = b."source"
         WHERE b."owner_id" = $1 AND b."source" = $2 AND b."version" IS DISTINCT FROM c."version"
         LIMIT $3)
       RETURNING "id"`,
      [ownerId, source, limit],
    );
    return rows.length;
  }

  private async lockCalendar(ownerId: string, source: BusySource): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `scheduling.busy_calendars/${ownerId}/${source}`,
      ]);
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
      // Only the current version of each calendar: never a staged import's rows, nor a superseded one's.
      `SELECT b."owner_id", b."start_at", b."end_at" FROM "scheduling"."busy_blocks" b
       JOIN "scheduling"."busy_calendars" c ON c."owner_id" = b."owner_id" AND c."source" = b."source" AND c."version" = b."version"
       WHERE b."owner_id" = ANY($1) AND b."end_at" > $2 AND b."start_at" < $3 ORDER BY b."start_at"`,
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
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "scheduling"."rooms"
           ("id","bassin_id","name","capacity","step_free","lift","disabled_parking",
            "street","house_number","postal_code","municipality")
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [
        room.id,
        room.bassinId,
        room.name,
        room.capacity,
        room.stepFree,
        room.lift,
        room.disabledParking,
        room.address?.street ?? null,
        room.address?.number ?? null,
        room.address?.postalCode ?? null,
        room.address?.municipality ?? null,
      ],
    );
  }

  async rooms(bassinId: string): Promise<RoomView[]> {
    const rows = await queryRows<{
      id: string;
      bassin_id: string;
      name: string;
      capacity: number;
      step_free: boolean;
      lift: boolean;
      disabled_parking: boolean;
      street: string | null;
      house_number: string | null;
      postal_code: string | null;
      municipality: string | null;
    }>(this.uow.manager, `SELECT * FROM "scheduling"."rooms" WHERE "bassin_id" = $1 ORDER BY "name"`, [bassinId]);
    return rows.map((r) => ({
      id: r.id,
      bassinId: r.bassin_id,
      name: r.name,
      capacity: r.capacity,
      stepFree: r.step_free,
      lift: r.lift,
      disabledParking: r.disabled_parking,
      ...(r.street && r.house_number && r.postal_code && r.municipality
        ? {
            address: {
              street: r.street,
              number: r.house_number,
              postalCode: r.postal_code,
              municipality: r.municipality,
            },
          }
        : {}),
    }));
  }
}
