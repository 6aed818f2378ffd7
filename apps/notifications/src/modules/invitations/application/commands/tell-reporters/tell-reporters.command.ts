import { Command } from '@nestjs/cqrs';
import type { PlannedFeedback } from '../../../domain/case-feedback.js';

/** Tells each reporter, once per (case, reporter, kind), that the case is owned or closed. */
export class TellReportersCommand extends Command<number> {
  constructor(readonly planned: readonly PlannedFeedback[]) {
    super();
  }
}
