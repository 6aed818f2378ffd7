import { Command } from '@nestjs/cqrs';

export interface DutyStatus {
  professionalId: string;
  onDuty: boolean;
}

/** A coordinator or lead goes on or off duty (issue 15: who is paged). */
export class SetOwnDutyCommand extends Command<DutyStatus> {
  constructor(
    readonly professionalId: string,
    readonly onDuty: boolean,
  ) {
    super();
  }
}
