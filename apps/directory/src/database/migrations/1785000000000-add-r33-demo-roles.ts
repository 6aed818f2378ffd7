import { type MigrationInterface, type QueryRunner } from 'typeorm';

const S = 'directory';

/** The organisations and demo users of the roles of requirement R33 (same rows as the demo directory file). */
const ORGANISATIONS = [
  ['org-prison-haren', 'Prison de Haren – service psychosocial (demo)', 'prison'],
  ['org-maison-justice', 'Maison de justice de Bruxelles (demo)', 'justice-house'],
  ['org-police-bruxelles', 'Police Bruxelles-Capitale/Ixelles – liaison (demo)', 'police'],
  ['org-crisis-team', 'Équipe mobile de crise (demo)', 'mobile-crisis-team'],
  ['org-mutualite', 'Mutualité bruxelloise (demo)', 'mutuality'],
  ['org-peer-network', 'Réseau pair-aidance (demo)', 'peer-support'],
  ['org-hotline', 'Ligne unique 24/7 (demo)', 'hotline'],
] as const;
const PROFESSIONALS = [
  [
    'pro-prison-social-worker',
    'Yasmina Service psychosocial prison (demo)',
    'prison-social-worker',
    'org-prison-haren',
    ['fr', 'nl', 'ar'],
  ],
  ['pro-justice-assistant', 'Koen Justitieassistent (demo)', 'justice-assistant', 'org-maison-justice', ['nl', 'fr']],
  ['pro-police-liaison', 'Inspecteur de liaison (demo)', 'police-liaison', 'org-police-bruxelles', ['fr', 'nl']],
  [
    'pro-cpas-social-worker',
    'Nadia Assistante sociale CPAS (demo)',
    'cpas-social-worker',
    'org-cpas-anderlecht',
    ['fr', 'nl'],
  ],
  [
    'pro-mobile-crisis',
    'Équipe mobile de crise, permanence (demo)',
    'mobile-crisis-team',
    'org-crisis-team',
    ['fr', 'nl', 'en'],
  ],
  ['pro-mutuality-advisor', 'Conseiller mutualité (demo)', 'mutuality-advisor', 'org-mutualite', ['fr', 'nl']],
  [
    'pro-community-health-worker',
    'Fatou Relais santé communautaire (demo)',
    'community-health-worker',
    'org-maison-medicale',
    ['fr', 'wo', 'en'],
  ],
  ['pro-peer-helper', 'Luc Pair-aidant (demo)', 'peer-helper', 'org-peer-network', ['fr']],
  [
    'pro-cultural-mediator',
    'Ahmed Médiateur interculturel (demo)',
    'cultural-mediator',
    'org-hopital-sud',
    ['fr', 'ar', 'tr'],
  ],
  [
    'pro-hospital-social-worker',
    'Sophie Assistante sociale hospitalière (demo)',
    'hospital-social-worker',
    'org-hopital-sud',
    ['fr', 'nl'],
  ],
  ['pro-hotline-operator', 'Opérateur·rice ligne 24/7 (demo)', 'hotline-operator', 'org-hotline', ['fr', 'nl', 'en']],
] as const;

/**
 * A directory seeded before these roles existed gets their demo users too. Only a directory that
 * holds the demo data (its coordinator `coord-nord`) is touched: an operator's own directory is not;
 * a fresh one is still empty here and gets them from the seed file.
 */
export class AddR33DemoRoles1785000000000 implements MigrationInterface {
  name = 'AddR33DemoRoles1785000000000';

  async up(q: QueryRunner): Promise<void> {
    const demo = (await q.query(`SELECT 1 FROM "${S}"."professionals" WHERE "id" = 'coord-nord'`)) as unknown[];
    if (demo.length === 0) {
      return;
    }
    for (const [id, name, kind] of ORGANISATIONS) {
      await q.query(
        `INSERT INTO "${S}"."organisations" ("id","name","kind","bassin_id") VALUES ($1,$2,$3,NULL) ON CONFLICT DO NOTHING`,
        [id, name, kind],
      );
    }
    for (const [id, name, role, organisationId, languages] of PROFESSIONALS) {
      await q.query(
        `INSERT INTO "${S}"."professionals" ("id","display_name","role","organisation_id","languages","roles","bassins")
         VALUES ($1,$2,$3,$4,$5,'["professional"]','[]') ON CONFLICT DO NOTHING`,
        [id, name, role, organisationId, JSON.stringify(languages)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "${S}"."professionals" WHERE "id" = ANY($1)`, [PROFESSIONALS.map((p) => p[0])]);
    await q.query(`DELETE FROM "${S}"."organisations" WHERE "id" = ANY($1)`, [ORGANISATIONS.map((o) => o[0])]);
  }
}
