import type { InvitationCardRecipient, InvitationDeliveryCard, PollInvitationCard } from '#concerto/contracts';
import type { MeetingDetails, Organizer, Recipient } from '../domain/meeting.js';
import { audienceOf } from '../domain/invitation-planning.js';

/**
 * From scheduling's delivery card to what the message composers take. The card is read for
 * each message (contact data is never copied into the notifications database).
 */

const URL_LIKE = /^https:\/\/\S+$/;

/**
 * A date poll as the composers see a meeting: its id, version 0, the first proposed date (the
 * poll texts list every date themselves) and the place. The organiser is filled in when known.
 */
export function pollMeetingOf(card: PollInvitationCard): Omit<MeetingDetails, 'organizer'> {
  const first = card.options[0];
  return {
    meetingId: card.pollId,
    sequence: 0,
    start: new Date(first.start),
    end: new Date(first.end),
    location: locationOf(card.location),
  };
}

function locationOf(location: InvitationDeliveryCard['location']): MeetingDetails['location'] {
  const label = location.label;
  return {
    kind: location.kind,
    label,
    ...(location.address ? { address: location.address } : {}),
    // A video meeting whose label is its link: the link is given as such (and as the calendar URL).
    ...(location.kind === 'video' && URL_LIKE.test(label) ? { url: label } : {}),
  };
}

export function meetingOf(card: InvitationDeliveryCard, organizer: Organizer): MeetingDetails {
  return {
    meetingId: card.concertationId,
    sequence: card.sequence,
    start: new Date(card.start),
    end: new Date(card.end),
    location: locationOf(card.location),
    organizer,
  };
}

/** E.164 without the spaces and dots people type: "+32 470 12.34.56" → "+3247012356". */
export function normalisePhone(phone: string | undefined): string | undefined {
  if (!phone) {
    return undefined;
  }
  const compact = phone.replace(/[\s./()-]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

export function recipientOf(card: { invitationId: string; recipient?: InvitationCardRecipient }): Recipient {
  const r = card.recipient;
  if (!r) {
    throw new Error('The invitee is no longer on the care team');
  }
  const audience = audienceOf(r.kind);
  const postal = r.contact.postalAddress
    ?.split(/\r?\n|,/)
    .map((l) => l.trim())
    .filter(Boolean);
  return {
    invitationId: card.invitationId,
    name: r.displayName,
    audience: audience === 'unknown' ? 'family' : audience,
    required: r.required || r.kind === 'person',
    preferredLanguage: r.language,
    interpreterNeeded: r.interpreterNeeded,
    ...(r.contact.email ? { email: r.contact.email } : {}),
    ...(r.contact.phone ? { phone: normalisePhone(r.contact.phone) } : {}),
    ...(postal && postal.length > 0 ? { postalAddress: { lines: postal } } : {}),
  };
}
