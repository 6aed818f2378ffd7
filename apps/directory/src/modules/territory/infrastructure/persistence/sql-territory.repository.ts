import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BassinId } from '#concerto/contracts';
import { queryRows } from '#concerto/persistence';
import { DIRECTORY_DB } from '../../../../directory.tokens.js';
import {
  type BassinListing,
  type StaffedBassin,
  TerritoryRepository,
} from '../../application/ports/territory.repository.js';
import { type PostalCodeArea, Territory, type TerritoryFallbacks } from '../../domain/territory.js';

@Injectable()
export class SqlTerritoryRepository extends TerritoryRepository {
  constructor(@Inject(DIRECTORY_DB) private readonly ds: DataSource) {
    super();
  }

  async territoryFor(postalCode: string | undefined): Promise<Territory> {
    const areas: PostalCodeArea[] = postalCode
      ? (
          await queryRows<{ postal_code: string; bassins: BassinId[]; default_bassin: BassinId | null }>(
            this.ds,
            `SELECT "postal_code","bassins","default_bassin" FROM "directory"."postal_codes" WHERE "postal_code" = $1`,
            [postalCode.trim()],
          )
        ).map((r) => ({ postalCode: r.postal_code, bassins: r.bassins, defaultBassin: r.default_bassin ?? undefined }))
      : [];
    const [fallbacks] = await queryRows<{ value: TerritoryFallbacks }>(
      this.ds,
      `SELECT "value" FROM "directory"."territory_settings" WHERE "key" = 'fallbacks'`,
    );
    return new Territory(areas, fallbacks.value);
  }

  async staffedBassin(id: BassinId): Promise<StaffedBassin | undefined> {
    const [bassin] = await queryRows<{
      id: BassinId;
      name: StaffedBassin['name'];
      urgent_guidance: StaffedBassin['urgentGuidance'];
      options: StaffedBassin['options'];
    }>(this.ds, `SELECT "id","name","urgent_guidance","options" FROM "directory"."bassins" WHERE "id" = $1`, [id]);
    const [roster] = await queryRows<{ coordinator_id: string; backup_id: string; lead_id: string }>(
      this.ds,
      `SELECT "coordinator_id","backup_id","lead_id" FROM "directory"."duty_roster" WHERE "bassin_id" = $1`,
      [id],
    );
    if (!bassin || !roster) {
      return undefined;
    }
    return {
      id: bassin.id,
      name: bassin.name,
      urgentGuidance: bassin.urgent_guidance,
      options: bassin.options,
      dutyRoster: { coordinatorId: roster.coordinator_id, backupId: roster.backup_id, leadId: roster.lead_id },
    };
  }

  async listBassins(): Promise<BassinListing[]> {
    const bassins = await queryRows<{ id: string; name: Record<string, string> }>(
      this.ds,
      `SELECT "id","name" FROM "directory"."bassins" ORDER BY "id"`,
    );
    const codes = await queryRows<{ postal_code: string; bassins: string[] }>(
      this.ds,
      `SELECT "postal_code","bassins" FROM "directory"."postal_codes" ORDER BY "postal_code"`,
    );
    return bassins.map((b) => ({
      ...b,
      postalCodes: codes.filter((c) => c.bassins.includes(b.id)).map((c) => c.postal_code),
    }));
  }
}
