import type { OrganisationContact, PagingProfile, ProfessionalSummary } from '#concerto/contracts';

/** Port: the professionals of the directory. */
export abstract class ProfessionalRepository {
  abstract find(id: string): Promise<ProfessionalSummary | undefined>;
  /** Same organisation and role, the professional excluded, ordered by id. */
  abstract colleaguesOf(professionalId: string): Promise<ProfessionalSummary[]>;
  abstract pagingProfile(id: string): Promise<PagingProfile | undefined>;
  abstract organisationContact(organisationId: string): Promise<OrganisationContact | undefined>;
}
