/**
 * What the notifications service tells about the follow-up of a concertation (issue 17): an
 * action item's owner when it is opened or handed over to them, reminded before and on the due
 * day (the referent too on the day), the case's coordinator at escalation or when the owner cannot
 * be reached, the coordinator and the referent when the owner marks it blocked or done (the
 * reporters never hear item-level detail), and the person's easy-read summary of a record. Ids only: names, addresses and texts
 * are read from scheduling's cards when the message leaves.
 */
export type FollowUpTrigger =
  | 'action-opened'
  | 'action-handed-over'
  | 'action-before-due'
  | 'action-due'
  | 'action-escalated'
  | 'action-no-owner'
  | 'action-blocked'
  | 'action-done'
  | 'record-summary'
  // The person's own link (/me/…), sent to its holder when a coordinator makes it (ADR 0025).
  | 'person-link';

export type ActionTrigger = Exclude<FollowUpTrigger, 'record-summary' | 'person-link'>;

export interface NewFollowUpMessage {
  caseId: string;
  /** The action item's id, the record's, or the person link's. */
  subjectId: string;
  trigger: FollowUpTrigger;
  /** What makes one event of this trigger another (the hand-over's time, the record's version); '' when there is one. */
  occurrence: string;
  /**
   * A care-team participant (owner, referent, person, close one), the coordinator's directory id,
   * or the directory id of an organisation that owns the item (told on its own contact).
   */
  recipientType: 'participant' | 'coordinator' | 'organisation';
  recipientRef: string;
  digest?: string;
}

export interface FollowUpMessage extends NewFollowUpMessage {
  id: string;
  createdAt: Date;
}

export type FollowUpChannel = 'email' | 'sms' | 'letter';

/** One message to record, its channel chosen before the transaction. */
export interface PlannedFollowUp {
  message: NewFollowUpMessage;
  channel: FollowUpChannel;
}

/** Port: one row per (subject, trigger, occurrence, recipient); writes join the ambient transaction. */
export abstract class FollowUpMessageRepository {
  abstract record(m: NewFollowUpMessage, at: Date): Promise<{ message: FollowUpMessage; created: boolean }>;
  abstract find(id: string): Promise<FollowUpMessage | undefined>;
  /** The content fingerprint of the record's last summary sent, if any. */
  abstract lastSummaryDigest(recordId: string): Promise<string | undefined>;
}

/** The trigger of a reminder step, and who it goes to (the owner always; the referent on the due day). */
export function reminderTrigger(step: 'before-due' | 'due'): ActionTrigger {
  return step === 'before-due' ? 'action-before-due' : 'action-due';
}

/** An owner's channel for a short professional message: e-mail, else a text message; no letter for a reminder. */
export function ownerChannel(contact: { email?: string; phone?: string }): FollowUpChannel | undefined {
  return contact.email ? 'email' : contact.phone ? 'sms' : undefined;
}
