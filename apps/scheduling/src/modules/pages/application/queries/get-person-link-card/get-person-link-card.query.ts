import { Query } from '@nestjs/cqrs';
import type { PersonLinkCard } from '#concerto/contracts';

/** What the notifications service reads to send one person link to its holder (never stored there). */
export class GetPersonLinkCardQuery extends Query<PersonLinkCard | undefined> {
  constructor(readonly personLinkId: string) {
    super();
  }
}
