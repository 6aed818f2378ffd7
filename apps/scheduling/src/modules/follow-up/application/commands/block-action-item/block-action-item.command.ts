import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { BlockerReason } from '../../follow-up.inputs.js';
import type { ActionItemView } from '../../record.view.js';

/** The owner marks an item blocked, with a reason from the controlled list (R23). */
export class BlockActionItemCommand extends Command<ActionItemView> {
  constructor(
    readonly itemId: string,
    readonly principal: Principal,
    readonly reason: BlockerReason,
  ) {
    super();
  }
}
