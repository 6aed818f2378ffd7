import { AnswerFromInviteePageHandler } from './commands/answer-from-invitee-page/answer-from-invitee-page.handler.js';
import { IssuePersonLinkHandler } from './commands/issue-person-link/issue-person-link.handler.js';
import { WithdrawConsentFromPersonPageHandler } from './commands/withdraw-consent-from-person-page/withdraw-consent-from-person-page.handler.js';
import { PersonAuditTrail } from './audit-trail.js';
import { PersonLinks } from './person-links.js';
import { GetInviteePageHandler } from './queries/get-invitee-page/get-invitee-page.handler.js';
import { GetPersonLinkCardHandler } from './queries/get-person-link-card/get-person-link-card.handler.js';
import { GetPersonPageHandler } from './queries/get-person-page/get-person-page.handler.js';
import { GetPollPageHandler } from './queries/get-poll-page/get-poll-page.handler.js';

export const PageApplicationServices = [PersonLinks, PersonAuditTrail];
export const PageCommandHandlers = [
  AnswerFromInviteePageHandler,
  IssuePersonLinkHandler,
  WithdrawConsentFromPersonPageHandler,
];
export const PageQueryHandlers = [
  GetInviteePageHandler,
  GetPollPageHandler,
  GetPersonPageHandler,
  GetPersonLinkCardHandler,
];
