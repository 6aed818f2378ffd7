import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type ConcertoConfig, DEMO_PLACEHOLDER_PHONE } from '#concerto/config';
import {
  type DirectoryReadApi,
  type OrganisationContact,
  type PagingProfile,
  type ProfessionalSummary,
  type RoutingDecision,
  type UrgentGuidance,
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
    @Inject(CONFIG) private readonly config: ConcertoConfig,
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
        suicideRisk: this.withCrisisTeam(bassin.urgentGuidance.suicideRisk ?? []),
        suspectedViolence: this.withCrisisTeam(bassin.urgentGuidance.suspectedViolence ?? []),
      },
      options: bassin.options,
    };
  }

  /**
   * The mobile crisis team's number is not public: the demo data holds a placeholder that the
   * configuration replaces (the configuration refuses to start in production without it).
   */
  private withCrisisTeam(lines: UrgentGuidance[]): UrgentGuidance[] {
    const phone = this.config.MOBILE_CRISIS_TEAM_PHONE;
    return lines.map((line) =>
      line.phone === DEMO_PLACEHOLDER_PHONE && phone ? { ...line, phone, available: '24/7' } : line,
    );
  }

  findProfessional(id: string): Promise<ProfessionalSummary | undefined> {
    return this.professionals.find(id);
  }

  findColleagues(professionalId: string): Promise<ProfessionalSummary[]> {
    return this.professionals.colleaguesOf(professionalId);
  }

  organisationContact(organisationId: string): Promise<OrganisationContact | undefined> {
    return this.professionals.organisationContact(organisationId);
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
