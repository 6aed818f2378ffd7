import { brusselsLocal, brusselsOffsetMinutes, type LocalDateTime } from '#concerto/ddd';
import type { Audience } from './meeting.js';
import type { MessageKind } from './message-templates.js';

/**
 * When and where the messages of an invitation go: the channel order, the meeting reminders,
 * and the chain of steps when an invitee does not answer. Pure functions, no I/O.
 */

export type InvitationChannel = 'email' | 'sms' | 'letter' | 'phone-call';
export type AutomaticChannel = 'email' | 'sms';

/**
 * Best first. E-mail carries the calendar object and the answer links; a text message is short
 * and read at once; a letter reaches someone with an address only; a phone call by the
 * coordinator reaches anyone who can be found, through their network if need be.
 */
export const CHANNEL_FALLBACK_ORDER: readonly InvitationChannel[] = ['email', 'sms', 'letter', 'phone-call'];

export function isAutomaticChannel(channel: InvitationChannel): channel is AutomaticChannel {
  return channel === 'email' || channel === 'sms';
}

/** Letters and phone calls are done by the coordinator: the engine creates a task for them. */
export function isCoordinatorChannel(channel: InvitationChannel): channel is 'letter' | 'phone-call' {
  return !isAutomaticChannel(channel);
}

/**
 * The channels to try for one invitee, best first: the invitee's own channels in the fallback
 * order, then, if none of them is done by a person, a phone call by the coordinator as the last
 * resort (nobody is left uninformed because an e-mail bounced).
 */
export function channelOrder(channels: readonly InvitationChannel[]): InvitationChannel[] {
  const own = CHANNEL_FALLBACK_ORDER.filter((c) => channels.includes(c));
  if (!own.some(isCoordinatorChannel)) {
    own.push('phone-call');
  }
  return own;
}

/** The channel an invitation, an update or a cancellation goes out on. */
export function primaryChannel(channels: readonly InvitationChannel[]): InvitationChannel {
  return channelOrder(channels)[0];
}

/** After a channel failed for good: the next one not tried yet, if any. Reminders and acknowledgements stay on automatic channels. */
export function fallbackChannel(
  channels: readonly InvitationChannel[],
  tried: readonly InvitationChannel[],
  kind: MessageKind,
): InvitationChannel | undefined {
  const candidates = staysAutomatic(kind) ? channelOrder(channels).filter(isAutomaticChannel) : channelOrder(channels);
  return candidates.find((c) => !tried.includes(c));
}

/**
 * Messages that are a courtesy, not something the invitee must learn: a bounced one is not
 * worth a letter or a phone call by the coordinator.
 */
export function staysAutomatic(kind: MessageKind): boolean {
  return isMeetingReminder(kind) || kind === 'written-input-ack';
}

/** The invitee's best channel that needs no coordinator (e-mail, then SMS), if they have one. */
export function bestAutomaticChannel(channels: readonly InvitationChannel[]): AutomaticChannel | undefined {
  return channelOrder(channels).find(isAutomaticChannel);
}

export function isMeetingReminder(kind: MessageKind): kind is 'reminder-48h' | 'reminder-2h' {
  return kind === 'reminder-48h' || kind === 'reminder-2h';
}

// ---------------------------------------------------------------------------------------------
// Meeting reminders

export type MeetingReminderKind = 'reminder-48h' | 'reminder-2h';

export interface PlannedReminder {
  kind: MeetingReminderKind;
  at: Date;
}

/** The instant of a wall-clock time in Brussels (CET or CEST, whichever applies on that day). */
export function brusselsInstant(local: LocalDateTime): Date {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  // Two passes: the offset of the guess decides; Date.UTC normalises day and month overflow.
  let t = asUtc - brusselsOffsetMinutes(new Date(asUtc)) * 60_000;
  t = asUtc - brusselsOffsetMinutes(new Date(t)) * 60_000;
  return new Date(t);
}

/**
 * "Two days before" is the same Brussels wall-clock time two calendar days earlier (49 or 47
 * hours when the clocks change in between; the texts say "in two days"); "two hours before" is
 * two hours of real time.
 */
export function reminderTimes(start: Date): PlannedReminder[] {
  const l = brusselsLocal(start);
  return [
    { kind: 'reminder-48h', at: brusselsInstant({ ...l, day: l.day - 2 }) },
    { kind: 'reminder-2h', at: new Date(start.getTime() - 2 * 3600_000) },
  ];
}

/** Reminders still ahead at `now` (a meeting fixed tomorrow gets no "in two days" reminder). */
export function plannedReminders(start: Date, now: Date): PlannedReminder[] {
  return reminderTimes(start).filter((r) => r.at.getTime() > now.getTime());
}

export type Answer = 'accepted' | 'declined' | 'written-input';

/** Meeting reminders go to those who accepted and to those who have not answered; never to those who said they will not come. */
export function wantsMeetingReminder(answer: Answer | undefined): boolean {
  return answer === undefined || answer === 'accepted';
}

/**
 * The channel of a meeting reminder: the invitee's best automatic channel, except two hours
 * before, when a text message (read at once) is preferred. Invitees reached only by the
 * coordinator get no automatic reminder (the coordinator's task covers them).
 */
export function reminderChannel(
  kind: MeetingReminderKind,
  channels: readonly InvitationChannel[],
): AutomaticChannel | undefined {
  const automatic = channelOrder(channels).filter(isAutomaticChannel);
  if (automatic.length === 0) {
    return undefined;
  }
  return kind === 'reminder-2h' && automatic.includes('sms') ? 'sms' : automatic[0];
}

// ---------------------------------------------------------------------------------------------
// Acknowledgement of written input

/**
 * Where the "we received your written input" message goes, if anywhere: only for that answer,
 * on the invitee's best automatic channel. Invitees reached only by letter or phone call get no
 * acknowledgement and no coordinator task for one, as for meeting reminders: a letter or a call
 * only to say "thank you" costs the coordinator more than it tells the invitee, and the written
 * input itself shows in the meeting's view.
 */
export function writtenInputAckChannel(
  answer: Answer,
  channels: readonly InvitationChannel[],
): AutomaticChannel | undefined {
  return answer === 'written-input' ? bestAutomaticChannel(channels) : undefined;
}

// ---------------------------------------------------------------------------------------------
// No answer: another channel, then a substitute, then the coordinator

export type EscalationStep = 1 | 2 | 3;

export type EscalationAction =
  | { step: 1; action: 'remind-on-another-channel'; channel: InvitationChannel }
  | { step: 2; action: 'propose-substitute' }
  | { step: 3; action: 'alert-coordinator' };

/**
 * What one step does. Step 1 reminds the invitee on one of their own channels that was not used
 * for the invitation (nor failed); with no such channel, on the one that delivered it. Step 2
 * proposes a substitute from the same organisation (professionals only); step 3 alerts the
 * coordinator.
 */
export function escalationAction(
  step: EscalationStep,
  channels: readonly InvitationChannel[],
  delivered: readonly InvitationChannel[],
  failed: readonly InvitationChannel[] = [],
): EscalationAction {
  if (step === 1) {
    const own = CHANNEL_FALLBACK_ORDER.filter((c) => channels.includes(c));
    const other = own.find((c) => !delivered.includes(c) && !failed.includes(c));
    return { step, action: 'remind-on-another-channel', channel: other ?? delivered[0] ?? primaryChannel(channels) };
  }
  return step === 2 ? { step, action: 'propose-substitute' } : { step, action: 'alert-coordinator' };
}

/** The step after this one, or none: a substitute is proposed for professionals only. */
export function nextEscalationStep(step: EscalationStep, audience: Audience | 'unknown'): EscalationStep | undefined {
  if (step === 1) {
    return audience === 'professional' ? 2 : 3;
  }
  return step === 2 ? 3 : undefined;
}

/** The last moment an escalation step is useful: an hour before the meeting. */
const LAST_STEP_BEFORE_START_MS = 3600_000;

/**
 * When to look again for an answer: `hours` after `from`, but no later than an hour before the
 * meeting (a late invitation compresses the chain rather than alerting after the fact); never
 * once the meeting has started.
 */
export function noAnswerCheckAt(from: Date, meetingStart: Date, hours: number): Date | undefined {
  if (from.getTime() >= meetingStart.getTime()) {
    return undefined;
  }
  const due = Math.min(from.getTime() + hours * 3600_000, meetingStart.getTime() - LAST_STEP_BEFORE_START_MS);
  return new Date(Math.max(due, from.getTime()));
}

/** Who reads the message: professionals get the professional register, everyone else easy-to-read texts. */
export function audienceOf(participantKind: string | undefined): Audience | 'unknown' {
  if (!participantKind || participantKind === 'unknown') {
    return 'unknown';
  }
  return participantKind === 'professional' ? 'professional' : participantKind === 'person' ? 'person' : 'family';
}

/** The contract's purpose of a message kind (invitation.sent / .failed). */
export function purposeOf(
  kind: MessageKind,
):
  | 'invitation'
  | 'update'
  | 'cancellation'
  | 'reminder'
  | 'no-answer-reminder'
  | 'poll'
  | 'written-input-ack'
  | undefined {
  switch (kind) {
    case 'poll-invitation':
      return 'poll';
    case 'invitation':
    case 'update':
    case 'cancellation':
    case 'no-answer-reminder':
    case 'written-input-ack':
      return kind;
    case 'reminder-48h':
    case 'reminder-2h':
      return 'reminder';
    default:
      return undefined;
  }
}
