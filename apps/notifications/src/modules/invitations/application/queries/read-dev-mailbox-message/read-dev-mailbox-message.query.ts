import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

/** One captured message: an e-mail as message/rfc822, a letter as HTML, a text message as JSON. */
export class ReadDevMailboxMessageQuery extends Query<{ contentType: string; body: Buffer | string }> {
  constructor(
    readonly id: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
