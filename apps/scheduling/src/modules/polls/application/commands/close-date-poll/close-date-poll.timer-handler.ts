import { Injectable } from '@nestjs/common';
import type { DueTimer } from '#concerto/timers';
import { DatePollCloser } from './date-poll-closer.js';

/** The poll's closing date: runs inside the firing transaction (the closer joins it). */
@Injectable()
export class CloseDatePollTimerHandler {
  constructor(private readonly closer: DatePollCloser) {}

  async handle(timer: DueTimer): Promise<void> {
    await this.closer.close(timer.subjectId, 'system:poll-closing');
  }
}
