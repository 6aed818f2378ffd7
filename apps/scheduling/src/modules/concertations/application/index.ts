import { AnswerLinks } from './answer-links.js';
import { AnswerLinkTokens } from './answer-link-tokens.js';
import { AnswerInvitationHandler } from './commands/answer-invitation/answer-invitation.handler.js';
import { CancelConcertationHandler } from './commands/cancel-concertation/cancel-concertation.handler.js';
import { MarkInvitationDeliveryHandler } from './commands/mark-invitation-delivery/mark-invitation-delivery.handler.js';
import { RescheduleConcertationHandler } from './commands/reschedule-concertation/reschedule-concertation.handler.js';
import { ConcertationScheduler } from './commands/schedule-concertation/concertation-scheduler.js';
import { ScheduleConcertationHandler } from './commands/schedule-concertation/schedule-concertation.handler.js';
import { ConcertationStore } from './concertation-store.js';
import { CoordinatedConcertations } from './coordinated-concertations.js';
import { Invitees } from './invitees.js';
import { MeetingLocations } from './meeting-locations.js';
import { RecordAnswerOnBehalfHandler } from './commands/record-answer-on-behalf/record-answer-on-behalf.handler.js';
import { RecordCalendarReplyHandler } from './commands/record-calendar-reply/record-calendar-reply.handler.js';
import { ReplyAddresses } from './reply-addresses.js';
import { GetAnswerLinkHandler } from './queries/get-answer-link/get-answer-link.handler.js';
import { GetConcertationHandler } from './queries/get-concertation/get-concertation.handler.js';
import { GetDeliveryCardHandler } from './queries/get-delivery-card/get-delivery-card.handler.js';
import { ListCaseConcertationsHandler } from './queries/list-case-concertations/list-case-concertations.handler.js';
import { SearchSlotsHandler } from './queries/search-slots/search-slots.handler.js';
import { TeamSlotSearch } from './team-slot-search.js';

export const ConcertationCommandHandlers = [
  ScheduleConcertationHandler,
  RescheduleConcertationHandler,
  CancelConcertationHandler,
  AnswerInvitationHandler,
  MarkInvitationDeliveryHandler,
  RecordCalendarReplyHandler,
  RecordAnswerOnBehalfHandler,
];
export const ConcertationQueryHandlers = [
  SearchSlotsHandler,
  GetConcertationHandler,
  GetAnswerLinkHandler,
  GetDeliveryCardHandler,
  ListCaseConcertationsHandler,
];
/** Application code the handlers share (and the date polls reuse: invitees, locations, the scheduler). */
export const ConcertationApplicationServices = [
  ConcertationStore,
  ConcertationScheduler,
  CoordinatedConcertations,
  Invitees,
  MeetingLocations,
  AnswerLinks,
  AnswerLinkTokens,
  ReplyAddresses,
  TeamSlotSearch,
];
