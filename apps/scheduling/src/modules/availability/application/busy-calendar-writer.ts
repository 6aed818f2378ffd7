import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppException } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import type { BusyInterval } from '../../slots/domain/slot-search.types.js';
import { AvailabilityRepository, type BusySource } from './availability.repository.js';

/**
 * Rows per statement and per transaction when a calendar is replaced. On the embedded database a
 * transaction holds the only connection and its statements block the event loop: a few hundred rows
 * take a few milliseconds, so an urgent alert arriving during a 5 000-period import waits for one
 * chunk, not for the import (issue 14, starvation).
 */
export const BUSY_WRITE_CHUNK = 250;

/**
 * After each chunk the writer rests as long as the chunk took: a calendar replacement then uses at
 * most about half of the database's time, so a flood of imports cannot keep other users' short
 * transactions waiting behind chunk after chunk. A pace, not a wait for a condition.
 */
const restAfter = (startedAt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.min(250, Math.max(0, Date.now() - startedAt))));

/**
 * Replaces an owner's busy blocks from one source without ever holding the database for long: the new
 * blocks are staged under a new version in short transactions (readers do not see them), one short
 * transaction makes that version current, and the superseded rows are then deleted in chunks. Readers
 * see the old calendar or the new one, never a mix. A crash mid-way leaves rows of a version that is
 * not current: never read, and deleted by the next replacement of that owner's calendar.
 */
@Injectable()
export class BusyCalendarWriter {
  /**
   * Replacements write one after another in this process: concurrent imports of one flooding user
   * would otherwise interleave their chunks and multiply the time the database is busy for others.
   */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly availability: AvailabilityRepository,
  ) {}

  replace(ownerId: string, source: BusySource, blocks: BusyInterval[], at: Date): Promise<void> {
    const write = this.writes.then(() => this.write(ownerId, source, blocks, at));
    this.writes = write.catch(() => undefined);
    return write;
  }

  private async write(ownerId: string, source: BusySource, blocks: BusyInterval[], at: Date): Promise<void> {
    const version = randomUUID();
    for (let i = 0; i < blocks.length; i += BUSY_WRITE_CHUNK) {
      const chunk = blocks.slice(i, i + BUSY_WRITE_CHUNK);
      const startedAt = Date.now();
      await this.uow.run(() => this.availability.stageBusy(ownerId, source, version, chunk, at));
      await restAfter(startedAt);
    }
    const switched = await this.uow.run(() =>
      this.availability.switchBusy(ownerId, source, version, blocks.length, at),
    );
    if (!switched) {
      // Another process replaced this calendar meanwhile and deleted the rows staged here as stale.
      throw new AppException(
        'CALENDAR_WRITE_CONFLICT',
        'conflict',
        'This calendar was replaced by another request at the same time; send it again.',
      );
    }
    // The superseded version, and whatever an interrupted replacement left behind.
    for (;;) {
      const startedAt = Date.now();
      const deleted = await this.uow.run(() => this.availability.deleteStaleBusy(ownerId, source, BUSY_WRITE_CHUNK));
      if (deleted < BUSY_WRITE_CHUNK) {
        break;
      }
      await restAfter(startedAt);
    }
  }
}
