import { Query } from '@nestjs/cqrs';

export interface PageLinkDescription {
  action: 'acknowledge';
  caseReference: string;
  caseUrl: string;
  bassinId: string;
  type: string;
  urgency: 'urgent' | 'normal';
  dueAt: string;
  used: boolean;
}

/** What an acknowledge link would do (opening it changes nothing: mail scanners open links). */
export class DescribePageLinkQuery extends Query<PageLinkDescription> {
  constructor(readonly token: string) {
    super();
  }
}
