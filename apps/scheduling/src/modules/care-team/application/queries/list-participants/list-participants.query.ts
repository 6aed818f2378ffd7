import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ParticipantView } from '../../care-team.reader.js';

/** The care team for a coordinator, with a warning when the table is crowded. */
export class ListParticipantsQuery extends Query<{ participants: ParticipantView[]; warnings: string[] }> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
