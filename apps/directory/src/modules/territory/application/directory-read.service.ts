import { Injectable } from '@nestjs/common';
import {
  type DirectoryReadApi,
  type PagingProfile,
  type ProfessionalSummary,
  type RoutingDecision,
} from '#concerto/contracts';
import { AppException } from '#concerto/ddd';
import { ProfessionalRepository } from './ports/professional.repository.js';
import { type BassinListing, TerritoryRepository } from './ports/territory.repository.js';

/** Answers routing and directory look-ups for the other services and for the public API. */
@Injectable()
export class DirectoryReadService implements DirectoryReadApi {
  constructor(
    private readonly territory: TerritoryRepository,
    private readonly professionals: ProfessionalRepository,
  ) {}

  async route(postalCode: string | undefined): Promise<RoutingDecision> {
    const routing = (await this.territory.territoryFor(postalCode)).route(postalCode);
    const bassin = await this.territory.staffedBassin(routing.bassinId);
    if (!bassin) {
      throw new AppException(
        'BASSIN_NOT_STAFFED',
        'unavailable',
        `No coordinator on duty is configured for bassin ${routing.bassinId}.`,
      );
    }
    return {
      bassinId: routing.bassinId,
      bassinName: bassin.name,
      reason: routing.reason,
      needsConfirmation: routing.needsConfirmation,
      candidateBassins: routing.candidateBassins,
      escalationChain: bassin.dutyRoster,
      urgentGuidance: {
        suicideRisk: bassin.urgentGuidance.suicideRisk ?? [],
        suspectedViolence: bassin.urgentGuidance.suspectedViolence ?? [],
      },
    };
  }

  findProfessional(id: string): Promise<ProfessionalSummary | undefined> {
    return this.professionals.find(id);
  }

  findColleagues(professionalId: string): Promise<ProfessionalSummary[]> {
    return this.professionals.colleaguesOf(professionalId);
  }

  pagingProfile(professionalId: string): Promise<PagingProfile | undefined> {
    return this.professionals.pagingProfile(professionalId);
  }

  async dutyRoster(bassinId: string): Promise<RoutingDecision['escalationChain'] | undefined> {
    return (await this.territory.staffedBassin(bassinId as RoutingDecision['bassinId']))?.dutyRoster;
  }

  listBassins(): Promise<BassinListing[]> {
    return this.territory.listBassins();
  }
}
