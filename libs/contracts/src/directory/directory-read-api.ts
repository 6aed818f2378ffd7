import { type BassinId, type RoutingReason } from '../alerts/alert-raised.v1.js';

/**
 * What the directory answers to other services, synchronously (reference data is read,
 * not replicated): in-process in the embedded mode, over HTTP in the distributed mode.
 */
export interface UrgentGuidance {
  label: { fr: string; nl: string; en: string };
  phone: string;
  available: string;
}

/** A service or contact of a bassin, shown to a hotline operator among the bassin's options (R28). */
export interface BassinOption {
  name: string;
  kind: string;
  phone: string;
  /** When it answers, e.g. "Mon–Fri 9:00–17:00" or "24/7". */
  hours: string;
}

export interface RoutingDecision {
  bassinId: BassinId;
  bassinName: { fr: string; nl: string; en: string };
  reason: RoutingReason;
  needsConfirmation: boolean;
  candidateBassins: BassinId[];
  escalationChain: { coordinatorId: string; backupId: string; leadId: string };
  urgentGuidance: { suicideRisk: UrgentGuidance[]; suspectedViolence: UrgentGuidance[] };
  /** The bassin's services and contacts, in no particular order (absent from an older directory). */
  options?: BassinOption[];
}

export interface ProfessionalSummary {
  id: string;
  displayName: string;
  role: string;
  organisationId: string;
  languages: string[];
}

export type PagingChannels = 'sms' | 'email' | 'both';

/**
 * How a coordinator is paged (issue 15): on duty or not, their pager's addresses (read per page,
 * never copied into another service) and the channels they chose per urgency.
 */
export interface PagingProfile {
  professionalId: string;
  onDuty: boolean;
  /** Preferred languages, best first (the page is written in the first one served). */
  languages: string[];
  email?: string;
  phone?: string;
  channels: { normal: PagingChannels; urgent: PagingChannels };
}

/** How an organisation is reached directly (an action item it owns, issue 17): read per message, never copied. */
export interface OrganisationContact {
  organisationId: string;
  /** The language it is written to in. */
  language: string;
  email?: string;
  phone?: string;
}

export interface DirectoryReadApi {
  route(postalCode: string | undefined): Promise<RoutingDecision>;
  findProfessional(id: string): Promise<ProfessionalSummary | undefined>;
  /** Other professionals of the same organisation with the same role (substitutes); empty for an unknown id. */
  findColleagues(professionalId: string): Promise<ProfessionalSummary[]>;
  /** The paging profile of a professional; undefined for an unknown id. */
  pagingProfile(professionalId: string): Promise<PagingProfile | undefined>;
  /** An organisation's own contact; undefined for an unknown id. */
  organisationContact(organisationId: string): Promise<OrganisationContact | undefined>;
  /** Who is on the bassin's duty roster (coordinator, backup, lead); undefined for an unstaffed bassin. */
  dutyRoster(bassinId: string): Promise<RoutingDecision['escalationChain'] | undefined>;
}

export const DIRECTORY_READ_API = Symbol('DIRECTORY_READ_API');
