import { DescribePageLinkHandler } from './describe-page-link/describe-page-link.handler.js';
import { DescribeInviteesHandler } from './describe-invitees/describe-invitees.handler.js';
import { GetTaskLetterHandler } from './get-task-letter/get-task-letter.handler.js';
import { ListCaseAuditHandler } from './list-case-audit/list-case-audit.handler.js';
import { ListCoordinatorTasksHandler } from './list-coordinator-tasks/list-coordinator-tasks.handler.js';
import { ListDevMailboxHandler } from './list-dev-mailbox/list-dev-mailbox.handler.js';
import { ReadDevMailboxMessageHandler } from './read-dev-mailbox-message/read-dev-mailbox-message.handler.js';

export const QueryHandlers = [
  DescribeInviteesHandler,
  ListCoordinatorTasksHandler,
  GetTaskLetterHandler,
  ListDevMailboxHandler,
  ReadDevMailboxMessageHandler,
  DescribePageLinkHandler,
  ListCaseAuditHandler,
];
