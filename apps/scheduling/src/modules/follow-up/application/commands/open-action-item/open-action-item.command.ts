import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { OwnerInput } from '../../follow-up.inputs.js';
import type { ActionItemView } from '../../record.view.js';

export interface OpenActionItemInput {
  kind: 'task' | 'referral' | 'deadline';
  title: string;
  owner: OwnerInput;
  /** A day; or, for a deadline task, taken from the case's dated deadline (R30). */
  dueOn?: string;
  deadlineId?: string;
}

/** A coordinator opens an item outside a meeting: typically a hard administrative deadline (R30). */
export class OpenActionItemCommand extends Command<ActionItemView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly input: OpenActionItemInput,
  ) {
    super();
  }
}
