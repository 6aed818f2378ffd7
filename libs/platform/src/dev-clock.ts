import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Clock, SystemClock } from '#concerto/ddd';

/** Name of the file, in DATA_DIR, that holds the development clock's offset in milliseconds. */
export const DEV_CLOCK_OFFSET_FILE = 'clock-offset-ms';

/**
 * DEVELOPMENT AND TESTS ONLY. A clock that runs at real speed, ahead of real time by an offset
 * read from a file. Reminders, the no-answer chain and acknowledgement deadlines run on durable
 * timers hours or days long; a person trying the walkthrough, or a test against the distributed
 * stack, writes "25 hours" into the file and every process that shares the DATA_DIR jumps
 * together, so the timer sweep fires what became due exactly as it would a day later. A file
 * (not an endpoint) because every process of the stack must see the same time, and because it
 * opens nothing on the network. Timers compare due dates with this clock, never with Redis' own
 * time, so BullMQ's delayed jobs only arrive late and find their timer already fired.
 */
export class OffsetFileClock implements Clock {
  private offsetMs = 0;
  private readonly refresher: NodeJS.Timeout;

  constructor(
    private readonly file: string,
    refreshMs = 200,
  ) {
    this.refresh();
    this.refresher = setInterval(() => this.refresh(), refreshMs);
    this.refresher.unref();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** The offset in force (for tests and for the log line at start-up). */
  offset(): number {
    return this.offsetMs;
  }

  stop(): void {
    clearInterval(this.refresher);
  }

  private refresh(): void {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8').trim();
    } catch {
      // No file: no offset. A half-written file cannot be read (the writer renames it in place).
      this.offsetMs = 0;
      return;
    }
    const value = Number(text);
    // Anything else than a whole, non-negative number of milliseconds is ignored: the clock keeps
    // its last offset rather than jumping to a nonsense time.
    if (text !== '' && Number.isSafeInteger(value) && value >= 0) {
      this.offsetMs = value;
    }
  }
}

/** The business clock of a process: real time, or the development clock when DEV_CLOCK_CONTROL is on. */
export function clockFromConfig(config: { DEV_CLOCK_CONTROL: boolean; DATA_DIR: string }): Clock {
  return config.DEV_CLOCK_CONTROL
    ? new OffsetFileClock(join(config.DATA_DIR, DEV_CLOCK_OFFSET_FILE))
    : new SystemClock();
}
