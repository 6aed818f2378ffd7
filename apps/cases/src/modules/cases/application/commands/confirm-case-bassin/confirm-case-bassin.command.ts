import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ReferenceBassin } from '../../../domain/case.types.js';
import type { CaseLifecycleView } from '../close-case/close-case.command.js';

/**
 * A coordinator of the case's bassin confirms it (routed by a fallback, it needs confirming), or
 * changes it: another bassin moves the case there (a transfer, the new owner acknowledges it);
 * `inter-bassin` keeps the case where it is with no reference bassin in particular (R16).
 */
export class ConfirmCaseBassinCommand extends Command<CaseLifecycleView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    /** Absent: the case's current bassin is confirmed. */
    readonly bassinId?: ReferenceBassin,
  ) {
    super();
  }
}
