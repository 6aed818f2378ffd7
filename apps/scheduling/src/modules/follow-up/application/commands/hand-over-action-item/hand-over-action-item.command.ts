import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { OwnerInput } from '../../follow-up.inputs.js';
import type { ActionItemView } from '../../record.view.js';

/** The owner hands an item over to another participant or organisation; the new owner is told. */
export class HandOverActionItemCommand extends Command<ActionItemView> {
  constructor(
    readonly itemId: string,
    readonly principal: Principal,
    readonly to: OwnerInput,
  ) {
    super();
  }
}
