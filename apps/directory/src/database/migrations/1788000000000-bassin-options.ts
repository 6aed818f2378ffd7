import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * R28: each bassin's services and contacts (name, kind, phone, hours), which a hotline operator
 * is shown as a neutral list of options. An engine already holding the demo directory gets the
 * demo options; an operator's own list is never overwritten.
 */
export class BassinOptions1788000000000 implements MigrationInterface {
  name = 'BassinOptions1788000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "directory"."bassins" ADD COLUMN "options" jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await fillDemoBassinOptions(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "directory"."bassins" DROP COLUMN "options"`);
  }
}

interface Querier {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

type Option = { name: string; kind: string; phone: string; hours: string };

const WEEKDAYS = 'Mon–Fri 9:00–17:00';

/** Fictitious demo services (deliberately not in alphabetical order: the intake sorts them). */
const DEMO_BASSIN_OPTIONS: Record<string, Option[]> = {
  nord: [
    {
      name: 'Service de santé mentale Nord (demo)',
      kind: 'mental-health-service',
      phone: '+32 2 000 10 01',
      hours: WEEKDAYS,
    },
    { name: 'CPAS de Schaerbeek (demo)', kind: 'cpas', phone: '+32 2 000 10 02', hours: WEEKDAYS },
    { name: 'Antenne 107 Nord (demo)', kind: 'mobile-team', phone: '+32 2 000 10 03', hours: 'Mon–Fri 8:00–20:00' },
  ],
  'nord-est': [
    {
      name: 'Lokaal dienstencentrum Evere (demo)',
      kind: 'local-service-centre',
      phone: '+32 2 000 20 01',
      hours: WEEKDAYS,
    },
    { name: 'CPAS d’Evere (demo)', kind: 'cpas', phone: '+32 2 000 20 02', hours: WEEKDAYS },
    { name: 'Antenne 107 Nord-Est (demo)', kind: 'mobile-team', phone: '+32 2 000 20 03', hours: 'Mon–Fri 8:00–20:00' },
  ],
  'centre-ouest': [
    {
      name: 'Maison médicale des Marolles (demo)',
      kind: 'community-health-centre',
      phone: '+32 2 000 30 01',
      hours: WEEKDAYS,
    },
    { name: 'CPAS d’Anderlecht (demo)', kind: 'cpas', phone: '+32 2 000 30 02', hours: WEEKDAYS },
    {
      name: 'Antenne 107 Centre-Ouest (demo)',
      kind: 'mobile-team',
      phone: '+32 2 000 30 03',
      hours: 'Mon–Fri 8:00–20:00',
    },
  ],
  sud: [
    {
      name: 'Service social de l’Hôpital du Sud (demo)',
      kind: 'hospital-social-service',
      phone: '+32 2 000 40 01',
      hours: WEEKDAYS,
    },
    { name: 'CPAS de Forest (demo)', kind: 'cpas', phone: '+32 2 000 40 02', hours: WEEKDAYS },
    { name: 'Antenne 107 Sud (demo)', kind: 'mobile-team', phone: '+32 2 000 40 03', hours: 'Mon–Fri 8:00–20:00' },
  ],
  'sud-est': [
    {
      name: 'Service de santé mentale Sud-Est (demo)',
      kind: 'mental-health-service',
      phone: '+32 2 000 50 01',
      hours: WEEKDAYS,
    },
    { name: 'CPAS d’Ixelles (demo)', kind: 'cpas', phone: '+32 2 000 50 02', hours: WEEKDAYS },
    { name: 'Antenne 107 Sud-Est (demo)', kind: 'mobile-team', phone: '+32 2 000 50 03', hours: 'Mon–Fri 8:00–20:00' },
  ],
};

/** Demo defaults: a demo bassin with no options yet gets the demo list. */
export async function fillDemoBassinOptions(q: Querier): Promise<void> {
  for (const [bassinId, options] of Object.entries(DEMO_BASSIN_OPTIONS)) {
    await q.query(`UPDATE "directory"."bassins" SET "options" = $2 WHERE "id" = $1 AND "options" = '[]'::jsonb`, [
      bassinId,
      JSON.stringify(options),
    ]);
  }
}
