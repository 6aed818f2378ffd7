import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { coordinatesBassin, hasRole, type Principal, Role } from '#concerto/auth';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { SCHEDULING_DB } from '../../../scheduling.tokens.js';
import type { BusyInterval } from '../../slots/domain/slot-search.types.js';
import type { WeeklyHours } from '../../slots/domain/weekly-hours.value-object.js';
import { WeeklySchedule } from '../../slots/domain/weekly-hours.value-object.js';

export interface RoomView {
  id: string;
  bassinId: string;
  name: string;
  capacity: number;
  stepFree: boolean;
}

/**
 * Professionals' weekly hours and busy blocks (typed in, or imported as iCalendar free/busy),
 * and the bassins' meeting rooms. A professional manages their own calendar; coordinators may
 * enter it for them.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    @Inject(SCHEDULING_DB) private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async setWeeklyHours(ownerId: string, principal: Principal, hours: WeeklyHours): Promise<WeeklyHours> {
    this.requireCalendarRights(ownerId, principal);
    WeeklySchedule.parse(hours, 'weeklyHours');
    await this.ds.query(
      `INSERT INTO "scheduling"."weekly_hours" ("owner_id","hours","updated_at") VALUES ($1,$2,$3)
       ON CONFLICT ("owner_id") DO UPDATE SET "hours" = $2, "updated_at" = $3`,
      [ownerId, JSON.stringify(hours), this.clock.now()],
    );
    return hours;
  }

  /** Replaces the owner's blocks from one source (an import replaces the previous import). */
  async replaceBusy(ownerId: string, principal: Principal, blocks: BusyInterval[], source: 'api' | 'ical'): Promise<number> {
    this.requireCalendarRights(ownerId, principal);
    for (const b of blocks) {
      if (!(b.end.getTime() > b.start.getTime())) {
        throw new AppException('INVALID_BUSY_BLOCK', 'invalid', 'Each busy block must end after it starts.');
      }
    }
    const now = this.clock.now();
    await this.ds.transaction(async (m) => {
      await m.query(`DELETE FROM "scheduling"."busy_blocks" WHERE "owner_id" = $1 AND "source" = $2`, [ownerId, source]);
      for (const b of blocks) {
        await m.query(`INSERT INTO "scheduling"."busy_blocks" ("id","owner_id","start_at","end_at","source","created_at") VALUES ($1,$2,$3,$4,$5,$6)`, [
          randomUUID(),
          ownerId,
          b.start,
          b.end,
          source,
          now,
        ]);
      }
    });
    return blocks.length;
  }

  async weeklyHoursOf(ownerIds: string[]): Promise<Map<string, WeeklyHours>> {
    const rows = await queryRows<{ owner_id: string; hours: WeeklyHours }>(this.ds, `SELECT "owner_id","hours" FROM "scheduling"."weekly_hours" WHERE "owner_id" = ANY($1)`, [ownerIds]);
    return new Map(rows.map((r) => [r.owner_id, r.hours]));
  }

  async busyOf(ownerIds: string[], from: Date, to: Date): Promise<Map<string, BusyInterval[]>> {
    const rows = await queryRows<{ owner_id: string; start_at: Date; end_at: Date }>(
      this.ds,
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

  async addRoom(bassinId: string, principal: Principal, room: Omit<RoomView, 'id' | 'bassinId'>): Promise<RoomView> {
    if (!coordinatesBassin(principal, bassinId)) {
      throw new AppException('FORBIDDEN', 'forbidden', "Only the bassin's coordinators manage its rooms.");
    }
    const id = randomUUID();
    await this.ds.query(`INSERT INTO "scheduling"."rooms" ("id","bassin_id","name","capacity","step_free") VALUES ($1,$2,$3,$4,$5)`, [id, bassinId, room.name, room.capacity, room.stepFree]);
    return { id, bassinId, ...room };
  }

  async rooms(bassinId: string, manager?: EntityManager): Promise<RoomView[]> {
    const rows = await queryRows<{ id: string; bassin_id: string; name: string; capacity: number; step_free: boolean }>(
      manager ?? this.uow.manager,
      `SELECT * FROM "scheduling"."rooms" WHERE "bassin_id" = $1 ORDER BY "name"`,
      [bassinId],
    );
    return rows.map((r) => ({ id: r.id, bassinId: r.bassin_id, name: r.name, capacity: r.capacity, stepFree: r.step_free }));
  }

  private requireCalendarRights(ownerId: string, principal: Principal): void {
    if (principal.userId !== ownerId && !hasRole(principal, Role.coordinator, Role.bassinLead)) {
      throw new AppException('FORBIDDEN', 'forbidden', 'Only the professionals themselves or a coordinator may change a calendar.');
    }
  }
}
