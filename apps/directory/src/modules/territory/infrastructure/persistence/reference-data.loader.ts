import { fillDemoOrganisationContacts } from '../../../../database/migrations/1800000000300-organisation-contacts.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { fillDemoPagers } from '../../../../database/migrations/1784000000000-professional-paging.js';
import { fillDemoReporterContacts } from '../../../../database/migrations/1786000000100-reporter-contacts.js';
import { fillDemoBassinOptions } from '../../../../database/migrations/1788000000000-bassin-options.js';

interface TerritoryFile {
  version: string;
  bassins: Array<{ id: string; name: Record<string, string> }>;
  postalCodes: Array<{ postalCode: string; communes: string[]; bassins: string[]; defaultBassin?: string }>;
  fallbacks: { outsideBrussels: string; noFixedAddress: string };
}

interface DirectoryFile {
  organisations: Array<{
    id: string;
    name: string;
    kind: string;
    bassinId: string | null;
    contact?: { email?: string; phone?: string; language?: string };
  }>;
  professionals: Array<{
    id: string;
    displayName: string;
    role: string;
    organisationId: string;
    languages: string[];
    roles: string[];
    bassins?: string[];
  }>;
  dutyRoster: Array<{ bassinId: string; coordinatorId: string; backupId: string; leadId: string }>;
  urgentGuidance: Record<string, unknown>;
}

/**
 * Loads territory and demo directory data on first start (empty tables only), so a fresh
 * engine is usable at once and an operator's later edits are never overwritten.
 */
export async function loadReferenceDataIfEmpty(
  ds: DataSource,
  territoryFile: string,
  directoryFile: string,
): Promise<boolean> {
  const [{ count }] = await ds.query<Array<{ count: number }>>(
    `SELECT count(*)::int AS count FROM "directory"."bassins"`,
  );
  if (count > 0) {
    return false;
  }
  const territory = JSON.parse(readFileSync(resolve(territoryFile), 'utf8')) as TerritoryFile;
  const directory = JSON.parse(readFileSync(resolve(directoryFile), 'utf8')) as DirectoryFile;
  await ds.transaction(async (m) => {
    for (const b of territory.bassins) {
      await m.query(`INSERT INTO "directory"."bassins" ("id","name","urgent_guidance") VALUES ($1,$2,$3)`, [
        b.id,
        JSON.stringify(b.name),
        JSON.stringify(directory.urgentGuidance[b.id] ?? {}),
      ]);
    }
    for (const p of territory.postalCodes) {
      await m.query(
        `INSERT INTO "directory"."postal_codes" ("postal_code","communes","bassins","default_bassin") VALUES ($1,$2,$3,$4)`,
        [p.postalCode, JSON.stringify(p.communes), JSON.stringify(p.bassins), p.defaultBassin ?? null],
      );
    }
    await m.query(
      `INSERT INTO "directory"."territory_settings" ("key","value") VALUES ('fallbacks',$1), ('version',$2)`,
      [JSON.stringify(territory.fallbacks), JSON.stringify(territory.version)],
    );
    for (const o of directory.organisations) {
      await m.query(
        `INSERT INTO "directory"."organisations" ("id","name","kind","bassin_id","contact_email","contact_phone","contact_language") VALUES ($1,$2,$3,$4,$5,$6,$7)`,
        [
          o.id,
          o.name,
          o.kind,
          o.bassinId,
          o.contact?.email ?? null,
          o.contact?.phone ?? null,
          o.contact?.language ?? 'fr',
        ],
      );
    }
    for (const p of directory.professionals) {
      await m.query(
        `INSERT INTO "directory"."professionals" ("id","display_name","role","organisation_id","languages","roles","bassins") VALUES ($1,$2,$3,$4,$5,$6,$7)`,
        [
          p.id,
          p.displayName,
          p.role,
          p.organisationId,
          JSON.stringify(p.languages),
          JSON.stringify(p.roles),
          JSON.stringify(p.bassins ?? []),
        ],
      );
    }
    for (const d of directory.dutyRoster) {
      await m.query(
        `INSERT INTO "directory"."duty_roster" ("bassin_id","coordinator_id","backup_id","lead_id") VALUES ($1,$2,$3,$4)`,
        [d.bassinId, d.coordinatorId, d.backupId, d.leadId],
      );
    }
    await fillDemoPagers(m);
    await fillDemoReporterContacts(m);
    await fillDemoOrganisationContacts(m);
    await fillDemoBassinOptions(m);
  });
  return true;
}
