import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

export interface ExitSummaryView {
  caseId: string;
  /** References to the records, never their content (R19). */
  records: Array<{ recordId: string; concertationId: string; held: boolean; version: number; href: string }>;
  steps: { opened: number; closed: number; pending: number };
  pending: Array<{ itemId: string; kind: string; dueOn: string; status: string }>;
  /** The professionals involved, by directory id and role. */
  professionals: Array<{ professionalId: string; role?: string }>;
  /** The network map: who is around the person, by kind (informal people by kind only). */
  network: Array<{ participantId: string; kind: string; referent: boolean }>;
}

export class GetExitSummaryQuery extends Query<ExitSummaryView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
