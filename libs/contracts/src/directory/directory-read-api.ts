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

export interface RoutingDecision {
  bassinId: BassinId;
  bassinName: { fr: string; nl: string; en: string };
  reason: RoutingReason;
  needsConfirmation: boolean;
  candidateBassins: BassinId[];
  escalationChain: { coordinatorId: string; backupId: string; leadId: string };
  urgentGuidance: { suicideRisk: UrgentGuidance[]; suspectedViolence: UrgentGuidance[] };
}

export interface ProfessionalSummary {
  id: string;
  displayName: string;
  role: string;
  organisationId: string;
  languages: string[];
}

export interface DirectoryReadApi {
  route(postalCode: string | undefined): Promise<RoutingDecision>;
  findProfessional(id: string): Promise<ProfessionalSummary | undefined>;
  /** Other professionals of the same organisation with the same role (substitutes); empty for an unknown id. */
  findColleagues(professionalId: string): Promise<ProfessionalSummary[]>;
}

export const DIRECTORY_READ_API = Symbol('DIRECTORY_READ_API');
