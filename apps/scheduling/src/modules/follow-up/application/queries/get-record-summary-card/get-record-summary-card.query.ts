import { Query } from '@nestjs/cqrs';
import type { RecordSummaryCard } from '#concerto/contracts';

/** What the easy-read summary of a record needs, and whom the consent lets it reach (internal read). */
export class GetRecordSummaryCardQuery extends Query<RecordSummaryCard | undefined> {
  constructor(readonly recordId: string) {
    super();
  }
}
