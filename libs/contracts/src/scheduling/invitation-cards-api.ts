import type { DeliveryChannel } from './concertation-events.v1.js';

/**
 * What the notifications service needs to write to one invitee, read synchronously from the
 * scheduling service by invitation id (in-process in the embedded mode, over the internal HTTP
 * API in the distributed mode). It holds contact data and names, so it never travels in an
 * event, a job or a log line: jobs carry the invitation id and read the card again.
 */
export interface InvitationCardRecipient {
  id: string;
  kind: 'person' | 'legal-representative' | 'professional' | 'relative' | 'neighbour' | 'volunteer' | 'trusted-person';
  role?: string;
  professionalId?: string;
  organisationId?: string;
  displayName: string;
  /** BCP 47 tag as recorded on the case (any language is kept). */
  language: string;
  interpreterNeeded: boolean;
  required: boolean;
  waived: boolean;
  limitedRights?: boolean;
  /** Best first, as scheduling derives them from the contact data. */
  channels: DeliveryChannel[];
  contact: { email?: string; phone?: string; postalAddress?: string };
}

/** Where a meeting is: a room of the bassin (with its street address and access), a call, or the person's home. */
export interface MeetingPlace {
  kind: 'room' | 'video' | 'phone' | 'home';
  roomId?: string;
  label: string;
  /** The room's street address on one line ("Rue Haute 12, 1000 Bruxelles"), when the room has one. */
  address?: string;
  /** The room's access, as recorded in structured form (never free text). */
  access?: { stepFree: boolean; lift: boolean; disabledParking: boolean };
}

export interface InvitationDeliveryCard {
  invitationId: string;
  concertationId: string;
  caseId: string;
  bassinId: string;
  /** The meeting's current version: a message for an older version is not sent any more. */
  sequence: number;
  status: 'scheduled' | 'cancelled';
  start: string;
  end: string;
  location: MeetingPlace;
  /** Directory id of the coordinator who organises the meeting. */
  organizerId: string;
  /** pending, sent, delivered, failed, accepted, declined or written-input. */
  invitationStatus: string;
  /** Absent when the participant left the care team. */
  recipient?: InvitationCardRecipient;
  /** True when the person's consent no longer covers this invitee: no recipient is given and nothing may be sent. */
  consentWithdrawn?: boolean;
  /** Signed answer links for this invitation and this meeting version. */
  links: { acceptUrl: string; declineUrl: string; writtenInputUrl: string };
  /**
   * This invitation's reply address (`reply+<opaque id>@<domain>`), the ORGANIZER of its calendar
   * objects, when the engine's inbound SMTP listener is on (INBOUND_SMTP_PORT); absent otherwise.
   */
  replyAddress?: string;
}

/**
 * What the notifications service needs to ask one participant for their availability on the
 * dates of a date poll. Like the delivery card, it holds contact data and is only read, never sent.
 */
export interface PollInvitationCard {
  invitationId: string;
  pollId: string;
  caseId: string;
  bassinId: string;
  /** Open until closesAt (or until the coordinator closes it early); nothing is sent for a closed poll. */
  status: 'open' | 'closed';
  closesAt: string;
  /** The proposed dates, in the order the answers are given. */
  options: Array<{ start: string; end: string }>;
  location: MeetingPlace;
  /** Directory id of the coordinator who opened the poll. */
  organizerId: string;
  /** Absent when the participant left the care team. */
  recipient?: InvitationCardRecipient;
  /** True when the person's consent no longer covers this invitee: no recipient is given and nothing may be sent. */
  consentWithdrawn?: boolean;
  /** Signed, single-purpose link to the answer form, valid until the poll closes. */
  answerUrl: string;
}

/**
 * What the notifications service needs to tell an action item's owner, its referent or the case's
 * coordinator about it (R11), read when the message is planned and again when it leaves.
 */
export interface ActionItemCard {
  itemId: string;
  caseId: string;
  bassinId: string;
  kind: 'task' | 'referral' | 'deadline' | 'contact-person';
  title: string;
  /** A Brussels calendar day (YYYY-MM-DD). */
  dueOn: string;
  status: string;
  /** While blocked: the controlled reason (R23), never free text. */
  blockedReason?: string;
  owner: { participantId?: string; organisationId?: string };
  /** The owning participant, while on the care team (an organisation owner has none). */
  ownerRecipient?: InvitationCardRecipient;
  /** The case's referent (R10), while on the care team. */
  referent?: InvitationCardRecipient;
  /** Directory id of the case's coordinator (its owner). */
  coordinatorId: string;
  /** Where the owner acts on the item in the app (no personal data in it). */
  link: string;
}

/** A care-team member the easy-read summary may go to, with what the consent shares with them. */
export interface RecordSummaryCandidate {
  participant: InvitationCardRecipient;
  dataCategories: string[];
}

/**
 * What the easy-read summary of a concertation record needs (R31, R08, R19): the decisions, who
 * does what by when, the referent, and the members the consent may let it reach. Contact data and
 * names: read only, never sent in an event.
 */
export interface RecordSummaryCard {
  recordId: string;
  caseId: string;
  bassinId: string;
  version: number;
  held: boolean;
  meetingStart: string;
  decisions: string[];
  actions: Array<{ who: string; what: string; dueOn: string }>;
  referentName?: string;
  referentPhone?: string;
  reviewOn?: string;
  /** False when the person's consent no longer allows a concertation: nothing goes out. */
  consentGranted: boolean;
  candidates: RecordSummaryCandidate[];
}

/**
 * What the notifications service needs to send the person's own link to its holder (ADR 0025):
 * the short link itself (a bearer credential: read here when the message leaves, never stored or
 * sent in an event), its expiry and the holder's contact data.
 */
export interface PersonLinkCard {
  personLinkId: string;
  caseId: string;
  bassinId: string;
  /** `{PUBLIC_BASE_URL}/me/<22-character token>`. */
  url: string;
  expiresAt: string;
  /** Directory id of the coordinator who made the link: the message names them as who to call. */
  issuedBy: string;
  /** Absent when the holder left the care team. */
  recipient?: InvitationCardRecipient;
  /** True when the link no longer holds (expired) or the consent no longer covers a close one: nothing is sent. */
  withdrawn?: boolean;
}

export interface InvitationCardsApi {
  deliveryCard(invitationId: string): Promise<InvitationDeliveryCard | undefined>;
  pollCard(invitationId: string): Promise<PollInvitationCard | undefined>;
  actionItemCard(itemId: string): Promise<ActionItemCard | undefined>;
  recordSummaryCard(recordId: string): Promise<RecordSummaryCard | undefined>;
  personLinkCard(personLinkId: string): Promise<PersonLinkCard | undefined>;
}

export const INVITATION_CARDS_API = Symbol('INVITATION_CARDS_API');
