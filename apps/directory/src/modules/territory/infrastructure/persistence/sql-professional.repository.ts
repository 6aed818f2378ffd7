import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OrganisationContact, PagingChannels, PagingProfile, ProfessionalSummary } from '#concerto/contracts';
import { queryRows } from '#concerto/persistence';
import { DIRECTORY_DB } from '../../../../directory.tokens.js';
import { ProfessionalRepository } from '../../application/ports/professional.repository.js';

interface ProfessionalRow {
  id: string;
  display_name: string;
  role: string;
  organisation_id: string;
  languages: string[];
}

@Injectable()
export class SqlProfessionalRepository extends ProfessionalRepository {
  constructor(@Inject(DIRECTORY_DB) private readonly ds: DataSource) {
    super();
  }

  async find(id: string): Promise<ProfessionalSummary | undefined> {
    const [row] = await queryRows<ProfessionalRow>(
      this.ds,
      `SELECT "id","display_name","role","organisation_id","languages" FROM "directory"."professionals" WHERE "id" = $1`,
      [id],
    );
    return row ? toSummary(row) : undefined;
  }

  async colleaguesOf(professionalId: string): Promise<ProfessionalSummary[]> {
    const rows = await queryRows<ProfessionalRow>(
      this.ds,
      `SELECT c."id", c."display_name", c."role", c."organisation_id", c."languages"
         FROM "directory"."professionals" p
         JOIN "directory"."professionals" c ON c."organisation_id" = p."organisation_id" AND c."role" = p."role" AND c."id" <> p."id"
        WHERE p."id" = $1
        ORDER BY c."id"`,
      [professionalId],
    );
    return rows.map(toSummary);
  }

  async organisationContact(organisationId: string): Promise<OrganisationContact | undefined> {
    const [row] = await queryRows<{
      id: string;
      contact_email: string | null;
      contact_phone: string | null;
      contact_language: string;
    }>(
      this.ds,
      `SELECT "id","contact_email","contact_phone","contact_language" FROM "directory"."organisations" WHERE "id" = $1`,
      [organisationId],
    );
    return row
      ? {
          organisationId: row.id,
          language: row.contact_language,
          ...(row.contact_email ? { email: row.contact_email } : {}),
          ...(row.contact_phone ? { phone: row.contact_phone } : {}),
        }
      : undefined;
  }

  async pagingProfile(id: string): Promise<PagingProfile | undefined> {
    const [row] = await queryRows<{
      id: string;
      languages: string[];
      on_duty: boolean;
      pager_email: string | null;
      pager_phone: string | null;
      paging_normal: PagingChannels;
      paging_urgent: PagingChannels;
    }>(
      this.ds,
      `SELECT "id","languages","on_duty","pager_email","pager_phone","paging_normal","paging_urgent"
         FROM "directory"."professionals" WHERE "id" = $1`,
      [id],
    );
    if (!row) {
      return undefined;
    }
    return {
      professionalId: row.id,
      onDuty: row.on_duty,
      languages: row.languages,
      ...(row.pager_email ? { email: row.pager_email } : {}),
      ...(row.pager_phone ? { phone: row.pager_phone } : {}),
      channels: { normal: row.paging_normal, urgent: row.paging_urgent },
    };
  }
}

function toSummary(row: ProfessionalRow): ProfessionalSummary {
  return {
    id: row.id,
    displayName: row.display_name,
    role: row.role,
    organisationId: row.organisation_id,
    languages: row.languages,
  };
}
