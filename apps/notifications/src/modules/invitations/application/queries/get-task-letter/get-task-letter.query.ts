import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

/** The printable letter of a post-letter or phone-call task (HTML, in the invitee's language). */
export class GetTaskLetterQuery extends Query<{ contentType: string; body: Buffer }> {
  constructor(
    readonly caseId: string,
    readonly taskId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
