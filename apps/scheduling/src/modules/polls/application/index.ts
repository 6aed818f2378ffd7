import { ChooseDatePollOptionHandler } from './commands/choose-date-poll-option/choose-date-poll-option.handler.js';
import { GetDatePollHandler } from './queries/get-date-poll/get-date-poll.handler.js';
import { ListCaseDatePollsHandler } from './queries/list-case-date-polls/list-case-date-polls.handler.js';
import { AnswerDatePollHandler } from './commands/answer-date-poll/answer-date-poll.handler.js';
import { CloseDatePollHandler } from './commands/close-date-poll/close-date-poll.handler.js';
import { CloseDatePollTimerHandler } from './commands/close-date-poll/close-date-poll.timer-handler.js';
import { DatePollCloser } from './commands/close-date-poll/date-poll-closer.js';
import { OpenDatePollHandler } from './commands/open-date-poll/open-date-poll.handler.js';
import { PollLinks } from './poll-links.js';
import { GetPollCardHandler } from './queries/get-poll-card/get-poll-card.handler.js';
import { GetPollLinkHandler } from './queries/get-poll-link/get-poll-link.handler.js';

export const DatePollCommandHandlers = [
  OpenDatePollHandler,
  AnswerDatePollHandler,
  CloseDatePollHandler,
  ChooseDatePollOptionHandler,
];
export const DatePollQueryHandlers = [
  GetPollLinkHandler,
  GetPollCardHandler,
  GetDatePollHandler,
  ListCaseDatePollsHandler,
];
export const DatePollApplicationServices = [PollLinks, DatePollCloser, CloseDatePollTimerHandler];
