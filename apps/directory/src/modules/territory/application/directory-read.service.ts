import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type BassinId, type DirectoryReadApi, type ProfessionalSummary, type RoutingDecision, type UrgentGuidance } from '#concerto/contracts';
import { AppException } from '#concerto/ddd';
import { DIRECTORY_DB } from '../../../directory.tokens.js';
import { type PostalCodeArea, Territory, type TerritoryFallbacks } from '../domain/territory.js';

interface BassinRow {
  id: BassinId;
  name: RoutingDecision['bassinName'];
  urgent_guidance: { suicideRisk?: UrgentGuidance[]; suspectedViolence?: UrgentGuidance[] };
}

/** Answers routing and directory look-ups for the other services and for the public API. */
@Injectable()
export class DirectoryReadService implements DirectoryReadApi {
  constructor(@Inject(DIRECTORY_DB) private readonly ds: DataSource) {}

  async route(postalCode: string | undefined): Promise<RoutingDecision> {
    const territory = await this.loadTerritory(postalCode);
    const routing = territory.route(postalCode);
    const [bassin] = await this.ds.query<BassinRow[]>(`SELECT "id","name","urgent_guidance" FROM "directory"."bassins" WHERE "id" = $1`, [routing.bassinId]);
    const [roster] = await this.ds.query<Array<{ coordinator_id: string; backup_id: string; lead_id: string }>>(
      `SELECT "coordinator_id","backup_id","lead_id" FROM "directory"."duty_roster" WHERE "bassin_id" = $1`,
      [routing.bassinId],
    );
    if (!bassin || !roster) {
      throw new AppException('BASSIN_NOT_STAFFED', 'unavailable', `No coordinator on duty is configured for bassin ${routing.bassinId}.`);
    }
    return {
      bassinId: routing.bassinId,
      bassinName: bassin.name,
      reason: routing.reason,
      needsConfirmation: routing.needsConfirmation,
      candidateBassins: routing.candidateBassins,
      escalationChain: { coordinatorId: roster.coordinator_id, backupId: roster.backup_id, leadId: roster.lead_id },
      urgentGuidance: {
        suicideRisk: bassin.urgent_guidance.suicideRisk ?? [],
        suspectedViolence: bassin.urgent_guidance.suspectedViolence ?? [],
      },
    };
  }

  async findProfessional(id: string): Promise<ProfessionalSummary | undefined> {
    const [row] = await this.ds.query<Array<{ id: string; display_name: string; role: string; organisation_id: string; languages: string[] }>>(
      `SELECT "id","display_name","role","organisation_id","languages" FROM "directory"."professionals" WHERE "id" = $1`,
      [id],
    );
    return row
      ? { id: row.id, displayName: row.display_name, role: row.role, organisationId: row.organisation_id, languages: row.languages }
      : undefined;
  }

  async findColleagues(professionalId: string): Promise<ProfessionalSummary[]> {
    const rows = await this.ds.query<Array<{ id: string; display_name: string; role: string; organisation_id: string; languages: string[] }>>(
      `SELECT c."id", c."display_name", c."role", c."organisation_id", c."languages"
         FROM "directory"."professionals" p
         JOIN "directory"."professionals" c ON c."organisation_id" = p."organisation_id" AND c."role" = p."role" AND c."id" <> p."id"
        WHERE p."id" = $1
        ORDER BY c."id"`,
      [professionalId],
    );
    return rows.map((row) => ({ id: row.id, displayName: row.display_name, role: row.role, organisationId: row.organisation_id, languages: row.languages }));
  }

  async listBassins(): Promise<Array<{ id: string; name: Record<string, string>; postalCodes: string[] }>> {
    const bassins = await this.ds.query<Array<{ id: string; name: Record<string, string> }>>(`SELECT "id","name" FROM "directory"."bassins" ORDER BY "id"`);
    const codes = await this.ds.query<Array<{
      postal_code: string;
      bassins: string[];
    }>>(`SELECT "postal_code","bassins" FROM "directory"."postal_codes" ORDER BY "postal_code"`);
    return bassins.map((b) => ({ ...b, postalCodes: codes.filter((c) => c.bassins.includes(b.id)).map((c) => c.postal_code) }));
  }

  private async loadTerritory(postalCode: string | undefined): Promise<Territory> {
    const areas: PostalCodeArea[] = postalCode
      ? (await this.ds.query<Array<{
          postal_code: string;
          bassins: BassinId[];
          default_bassin: BassinId | null;
        }>>(`SELECT "postal_code","bassins","default_bassin" FROM "directory"."postal_codes" WHERE "postal_code" = $1`, [postalCode.trim()])).map((r) => ({ postalCode: r.postal_code, bassins: r.bassins, defaultBassin: r.default_bassin ?? undefined }))
      : [];
    const [fallbacks] = await this.ds.query<Array<{
      value: TerritoryFallbacks;
    }>>(`SELECT "value" FROM "directory"."territory_settings" WHERE "key" = 'fallbacks'`);
    return new Territory(areas, fallbacks.value);
  }
}
