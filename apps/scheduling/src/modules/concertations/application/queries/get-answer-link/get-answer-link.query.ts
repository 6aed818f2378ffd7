import { Query } from '@nestjs/cqrs';
import type { RsvpInfo } from '../../concertation.view.js';

/** What an answer link shows (opening it changes nothing). */
export class GetAnswerLinkQuery extends Query<RsvpInfo> {
  constructor(readonly token: string) {
    super();
  }
}
