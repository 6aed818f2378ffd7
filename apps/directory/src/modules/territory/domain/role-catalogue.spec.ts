import { readFileSync } from 'node:fs';

interface DemoDirectory {
  roleCatalogue: Array<{ role: string; label: { fr: string; nl: string; en: string } }>;
  professionals: Array<{ id: string; role: string }>;
}

const directory = JSON.parse(readFileSync('config/directory/demo-directory.json', 'utf8')) as DemoDirectory;

// Requirement R33 and issue 15: the roles a bassin needs beyond the Simone vignette's.
const R33_ROLES = [
  'prison-social-worker',
  'police-liaison',
  'cpas-social-worker',
  'justice-assistant',
  'mobile-crisis-team',
  'mutuality-advisor',
  'community-health-worker',
  'peer-helper',
  'cultural-mediator',
];

describe('the demo role catalogue (R33)', () => {
  it.each(R33_ROLES)('should name %s in FR, NL and EN and give it a demo user', (role) => {
    const entry = directory.roleCatalogue.find((r) => r.role === role);
    expect(entry?.label).toEqual({ fr: expect.any(String), nl: expect.any(String), en: expect.any(String) });
    expect(directory.professionals.some((p) => p.role === role)).toBe(true);
  });

  it("should list every demo user's role in the catalogue", () => {
    const catalogue = new Set(directory.roleCatalogue.map((r) => r.role));
    expect(directory.professionals.filter((p) => !catalogue.has(p.role)).map((p) => p.id)).toEqual([]);
  });
});
