export const NOTIFICATIONS_DB = Symbol('NOTIFICATIONS_DB');
export const NOTIFICATIONS_SCHEMA = 'notifications';
export const NOTIFICATIONS_SERVICE = 'notifications';
/** Consumer group of the invitation consumers (scheduling.concertation.v1). */
export const NOTIFICATIONS_INVITATIONS_GROUP = 'notifications.invitations';
/** Consumer group of the case projection (cases.case.v1). */
export const NOTIFICATIONS_CASES_GROUP = 'notifications.case-view';

/** Durable timer kinds (notifications.timers). */
export const MEETING_REMINDER_TIMER = 'meeting.reminder';
export const NO_ANSWER_TIMER = 'no-answer.check';

/** Channel adapters and the development mailbox. */
export const EMAIL_SENDER = Symbol('EMAIL_SENDER');
export const SMS_SENDER = Symbol('SMS_SENDER');
export const LETTER_RENDERER = Symbol('LETTER_RENDERER');
/** The domain of Message-IDs and calendar UIDs (the sender address's). */
export const MAIL_IDENTITY = Symbol('MAIL_IDENTITY');
export interface MessageIdentity {
  messageIdDomain: string;
}
