import { type BassinId, type RoutingReason } from '#concerto/contracts';

export interface PostalCodeArea {
  postalCode: string;
  bassins: BassinId[];
  defaultBassin?: BassinId;
}

export interface TerritoryFallbacks {
  outsideBrussels: BassinId;
  noFixedAddress: BassinId;
}

export interface TerritoryRouting {
  bassinId: BassinId;
  reason: RoutingReason;
  needsConfirmation: boolean;
  candidateBassins: BassinId[];
}

const BELGIAN_POSTAL_CODE = /^[1-9]\d{3}$/;

/**
 * Decides the bassin of a person from a postal code. It never guesses silently: an ambiguous
 * code, an address outside Brussels or no address at all routes to a documented default and
 * asks the coordinator to confirm.
 */
export class Territory {
  private readonly areas: Map<string, PostalCodeArea>;

  constructor(
    areas: PostalCodeArea[],
    private readonly fallbacks: TerritoryFallbacks,
  ) {
    this.areas = new Map(areas.map((a) => [a.postalCode, a]));
  }

  route(postalCode: string | undefined): TerritoryRouting {
    if (!postalCode) {
      return this.fallback(this.fallbacks.noFixedAddress, 'no-fixed-address');
    }
    const area = this.areas.get(postalCode.trim());
    if (!area) {
      return this.fallback(this.fallbacks.outsideBrussels, 'outside-brussels');
    }
    if (area.bassins.length === 1) {
      return {
        bassinId: area.bassins[0],
        reason: 'postal-code',
        needsConfirmation: false,
        candidateBassins: [...area.bassins],
      };
    }
    return {
      bassinId: area.defaultBassin ?? area.bassins[0],
      reason: 'ambiguous-postal-code',
      needsConfirmation: true,
      candidateBassins: [...area.bassins],
    };
  }

  static isPostalCode(value: string): boolean {
    return BELGIAN_POSTAL_CODE.test(value);
  }

  private fallback(bassinId: BassinId, reason: RoutingReason): TerritoryRouting {
    return { bassinId, reason, needsConfirmation: true, candidateBassins: [bassinId] };
  }
}
