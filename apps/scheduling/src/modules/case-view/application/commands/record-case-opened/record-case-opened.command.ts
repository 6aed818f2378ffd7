import { Command } from '@nestjs/cqrs';
import type { CaseView } from '../../../domain/case-view.projection.js';

/** A case opened in the cases service: scheduling starts following it. */
export class RecordCaseOpenedCommand extends Command<void> {
  constructor(readonly view: CaseView & { openedAt: Date }) {
    super();
  }
}
