export interface DutyChange {
  professionalId: string;
  onDuty: boolean;
  at: Date;
  correlationId: string;
}

/** Port: the professionals' duty switch; the change and its audit entry are written together. */
export abstract class DutyRegister {
  /** False when no active professional has that id. */
  abstract setOnDuty(change: DutyChange): Promise<boolean>;
}
