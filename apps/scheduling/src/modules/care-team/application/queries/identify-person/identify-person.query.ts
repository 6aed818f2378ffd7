import { Query } from '@nestjs/cqrs';
import type { PersonIdentity } from '#concerto/contracts';

/** Who the person of a case is, read from the persons service (never inside a transaction). */
export class IdentifyPersonQuery extends Query<PersonIdentity | undefined> {
  constructor(readonly personRef: string) {
    super();
  }
}
