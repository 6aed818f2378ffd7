import type { BassinId, BassinOption, RoutingDecision, UrgentGuidance } from '#concerto/contracts';
import type { Territory } from '../../domain/territory.js';

/** A bassin with who is on duty there and the urgent guidance it gives. */
export interface StaffedBassin {
  id: BassinId;
  name: RoutingDecision['bassinName'];
  urgentGuidance: { suicideRisk?: UrgentGuidance[]; suspectedViolence?: UrgentGuidance[] };
  dutyRoster: RoutingDecision['escalationChain'];
  /** The bassin's services and contacts (R28). */
  options: BassinOption[];
}

export interface BassinListing {
  id: string;
  name: Record<string, string>;
  postalCodes: string[];
}

/** Port: the territory's reference data (bassins, postal codes, fallbacks, duty roster). */
export abstract class TerritoryRepository {
  /** The territory as far as one postal code needs it (all of it when the code is absent). */
  abstract territoryFor(postalCode: string | undefined): Promise<Territory>;
  /** Undefined when the bassin or its duty roster is not configured. */
  abstract staffedBassin(id: BassinId): Promise<StaffedBassin | undefined>;
  abstract listBassins(): Promise<BassinListing[]>;
}
