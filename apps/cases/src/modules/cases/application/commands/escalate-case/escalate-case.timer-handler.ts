import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#concerto/ddd';
import type { TransactionScope } from '#concerto/messaging';
import type { DueTimer } from '#concerto/timers';
import { CaseStore } from '../../case-store.js';

export const ESCALATION_ACTOR = 'system:escalation';

/** Runs when an acknowledgement deadline passes: moves the case up the bassin's chain. */
@Injectable()
export class EscalateCaseTimerHandler {
  constructor(
    private readonly store: CaseStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(timer: DueTimer, scope: TransactionScope): Promise<void> {
    const c = await this.store.load(scope, timer.subjectId);
    const level = Number(timer.payload.level ?? 0);
    if (c && c.escalateIfUnacknowledged(level, this.clock.now(), this.store.policy)) {
      await this.store.save(scope, c, ESCALATION_ACTOR);
    }
  }
}
