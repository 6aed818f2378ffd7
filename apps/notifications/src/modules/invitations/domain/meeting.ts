import type { ServedLanguage } from './language.js';

export type MeetingLocationKind = 'room' | 'video' | 'phone' | 'home' | 'other';

export interface MeetingLocation {
  kind: MeetingLocationKind;
  /** What people read: "Salle du bassin Nord" / "Vergaderzaal zorgzone Noord". */
  label: string;
  /** Street address, when there is a place to go to. */
  address?: string;
  /** Video-call link, when the meeting is online. */
  url?: string;
}

/** The organiser: the coordinator who answers questions about the meeting. */
export interface Organizer {
  name: string;
  email: string;
  /** A phone number people can call; person-facing texts and letters give it. */
  phone?: string;
}

/**
 * What the notifications need to know about a concertation. Deliberately no case content:
 * invitations never carry the reason for the meeting or anything about the person's health.
 */
export interface MeetingDetails {
  meetingId: string;
  /** Raised on every change (reschedule, new place, cancellation); carried by the calendar and the answer links. */
  sequence: number;
  start: Date;
  end: Date;
  location: MeetingLocation;
  organizer: Organizer;
}

/** Professionals get the professional register; the person and their family or helpers get easy-to-read texts. */
export type Audience = 'professional' | 'person' | 'family';
export type Register = 'professional' | 'easy-read';

export function registerFor(audience: Audience): Register {
  return audience === 'professional' ? 'professional' : 'easy-read';
}

export interface PostalAddress {
  lines: string[];
}

/** One invitee as the notifications see them. Ids only go into links; contact data only into the envelope. */
export interface Recipient {
  invitationId: string;
  name: string;
  audience: Audience;
  /** Required participants are REQ-PARTICIPANT in the calendar, the others OPT-PARTICIPANT. */
  required: boolean;
  /** BCP 47 tag as recorded on the case; any language is kept. */
  preferredLanguage?: string;
  /** Recorded on the case: an interpreter or cultural mediator is needed even if the language is served. */
  interpreterNeeded?: boolean;
  email?: string;
  /** E.164, e.g. +32470123456. */
  phone?: string;
  /** False for a landline: no text message, the coordinator calls instead. Unknown is treated as mobile. */
  phoneAcceptsSms?: boolean;
  postalAddress?: PostalAddress;
}

export interface RecipientLanguage {
  language: ServedLanguage;
  preferredLanguage: string;
  interpreterNeeded: boolean;
}
