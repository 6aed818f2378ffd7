import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ParticipantView } from '../../../../care-team/application/care-team.reader.js';
import type { SlotSearchResult } from '../../../../slots/domain/slot-search.types.js';

export interface SlotSearchInput {
  durationMinutes: number;
  earliest?: string;
  minimumNoticeMinutes?: number;
  bufferMinutes?: number;
  horizonDays?: number;
}

export type SlotSearchView = SlotSearchResult & {
  participants: Array<Pick<ParticipantView, 'id' | 'displayName' | 'kind' | 'role'>>;
};

/** Ranked slots before the case deadline, or why there is none and the best partial options. */
export class SearchSlotsQuery extends Query<SlotSearchView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly input: SlotSearchInput,
  ) {
    super();
  }
}
