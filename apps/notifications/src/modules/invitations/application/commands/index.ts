import { AcknowledgeFromPageHandler } from './acknowledge-from-page/acknowledge-from-page.handler.js';
import { TellReportersHandler } from './tell-reporters/tell-reporters.handler.js';
import { PageCaseOwnerHandler } from './page-case-owner/page-case-owner.handler.js';
import { RecordPagedCaseAcknowledgedHandler } from './record-paged-case-acknowledged/record-paged-case-acknowledged.handler.js';
import { ChaseUnansweredInvitationHandler } from './chase-unanswered-invitation/chase-unanswered-invitation.handler.js';
import { DeliverMessageHandler } from './deliver-message/deliver-message.handler.js';
import { InviteToDatePollHandler } from './invite-to-date-poll/invite-to-date-poll.handler.js';
import { NotifyMeetingCancelledHandler } from './notify-meeting-cancelled/notify-meeting-cancelled.handler.js';
import { PlanMeetingInvitationsHandler } from './plan-meeting-invitations/plan-meeting-invitations.handler.js';
import { RecordCaseConsentHandler } from './record-case-consent/record-case-consent.handler.js';
import { RecordCaseBassinHandler } from './record-case-bassin/record-case-bassin.handler.js';
import { RecordCaseTransferredHandler } from './record-case-transferred/record-case-transferred.handler.js';
import { RecordCaseMergedHandler } from './record-case-merged/record-case-merged.handler.js';
import { RecordDeliveryReportHandler } from './record-delivery-report/record-delivery-report.handler.js';
import { RecordInvitationAnswerHandler } from './record-invitation-answer/record-invitation-answer.handler.js';
import { RequeueLostDeliveriesHandler } from './requeue-lost-deliveries/requeue-lost-deliveries.handler.js';
import { MarkLetterPostedHandler } from './mark-letter-posted/mark-letter-posted.handler.js';
import { RecordCallOutcomeHandler } from './record-call-outcome/record-call-outcome.handler.js';
import { QueueFollowUpMessagesHandler } from './queue-follow-up-messages/queue-follow-up-messages.handler.js';
import { SendMeetingRemindersHandler } from './send-meeting-reminders/send-meeting-reminders.handler.js';

export const CommandHandlers = [
  PlanMeetingInvitationsHandler,
  NotifyMeetingCancelledHandler,
  InviteToDatePollHandler,
  RecordInvitationAnswerHandler,
  RecordCaseBassinHandler,
  RecordCaseTransferredHandler,
  RecordCaseMergedHandler,
  RecordCaseConsentHandler,
  SendMeetingRemindersHandler,
  ChaseUnansweredInvitationHandler,
  DeliverMessageHandler,
  RequeueLostDeliveriesHandler,
  RecordDeliveryReportHandler,
  PageCaseOwnerHandler,
  RecordPagedCaseAcknowledgedHandler,
  AcknowledgeFromPageHandler,
  TellReportersHandler,
  MarkLetterPostedHandler,
  RecordCallOutcomeHandler,
  QueueFollowUpMessagesHandler,
];
