import { AnswerFromInviteePageHandler } from './commands/answer-from-invitee-page/answer-from-invitee-page.handler.js';
import { GetInviteePageHandler } from './queries/get-invitee-page/get-invitee-page.handler.js';
import { GetPollPageHandler } from './queries/get-poll-page/get-poll-page.handler.js';

export const PageCommandHandlers = [AnswerFromInviteePageHandler];
export const PageQueryHandlers = [GetInviteePageHandler, GetPollPageHandler];
