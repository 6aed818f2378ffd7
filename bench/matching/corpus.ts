/*
 * A deterministic corpus of alerts about persons, as reporters write them: Belgian French, Dutch
 * and migrant names, with typos, transpositions, missing fields, swapped names and look-alike
 * letters. Every alert carries the id of the true person so that a run can score the correlation.
 */

export interface CorpusAlert {
  truth: string;
  variant: string;
  person: { givenName: string; familyName: string; birthDate?: string; postalCode?: string; phone?: string };
}

const GIVEN = [
  'Marie',
  'Jean',
  'Luc',
  'Françoise',
  'Hélène',
  'Michel',
  'Nathalie',
  'Philippe',
  'Christine',
  'Pierre',
  'Jan',
  'Pieter',
  'Els',
  'Annelies',
  'Wouter',
  'Joris',
  'Liesbeth',
  'Koen',
  'Griet',
  'Bart',
  'Mohamed',
  'Fatima',
  'Yassine',
  'Aïcha',
  'Youssef',
  'Khadija',
  'Mehmet',
  'Ayşe',
  'Yıldız',
  'Emre',
  'Piotr',
  'Małgorzata',
  'Agnieszka',
  'Andrzej',
  'Ioana',
  'Mihai',
  'Amadou',
  'Fatou',
  'Mamadou',
  'Aminata',
  'Olena',
  'Dmytro',
  'Søren',
  'José',
  'Maria',
  'Ahmed',
  'Samira',
  'Bilal',
  'Nadia',
  'Kevin',
];
const FAMILY = [
  'Dubois',
  'Lambert',
  'Dupont',
  'Leclercq',
  'Martin',
  'Lejeune',
  'Renard',
  'Desmet',
  'Wauters',
  'Collard',
  'Peeters',
  'Janssens',
  'Maes',
  'Jacobs',
  'Mertens',
  'Willems',
  'Claes',
  'Goossens',
  'Vermeulen',
  'Van den Broeck',
  'De Smet',
  'Vandenberghe',
  'Van Damme',
  "D'Hondt",
  'El Amrani',
  'Benali',
  'El Idrissi',
  'Bouzid',
  'Yılmaz',
  'Öztürk',
  'Kowalski',
  'Wiśniewska',
  'Nowak',
  'Popescu',
  'Ionescu',
  'Diallo',
  'Bah',
  'Traoré',
  'Koné',
  'Ndiaye',
  'Shevchenko',
  'Kovalenko',
  'Łukasik',
  'Çelik',
  'Demir',
  'Haddad',
  'Mansouri',
  'Ben Salah',
  'Nguyen',
  'Da Silva',
];
const POSTAL = [
  '1000',
  '1030',
  '1060',
  '1080',
  '1090',
  '1190',
  '4000',
  '4020',
  '5000',
  '6000',
  '7000',
  '9000',
  '2000',
  '3000',
];

/** mulberry32: small, fast and the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CYRILLIC: Record<string, string> = {
  a: '\u0430',
  e: '\u0435',
  o: '\u043E',
  p: '\u0440',
  c: '\u0441',
  M: '\u041C',
};
const LOOKALIKE: Record<string, string> = { i: 'ı', l: 'ł', o: 'ø' };

export function generateCorpus(seed: number, persons: number): CorpusAlert[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const alerts: CorpusAlert[] = [];
  const used = new Set<string>();
  for (let i = 0; i < persons; i++) {
    let givenName: string;
    let familyName: string;
    let birthDate: string;
    do {
      givenName = pick(GIVEN);
      familyName = pick(FAMILY);
      const y = 1930 + Math.floor(rnd() * 75);
      const m = 1 + Math.floor(rnd() * 12);
      const d = 1 + Math.floor(rnd() * 28);
      birthDate = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    } while (used.has(`${givenName}|${familyName}|${birthDate}`));
    used.add(`${givenName}|${familyName}|${birthDate}`);
    const postalCode = pick(POSTAL);
    const phone = `04${70 + Math.floor(rnd() * 30)} ${String(Math.floor(rnd() * 1e6)).padStart(6, '0')}`;
    const truth = `t${i}`;
    const base = { givenName, familyName, birthDate, postalCode, phone };
    alerts.push({ truth, variant: 'original', person: { ...base } });
    const variants = 1 + Math.floor(rnd() * 3);
    for (let v = 0; v < variants; v++) {
      const kind = pick(VARIANTS);
      alerts.push({ truth, variant: kind, person: vary(kind, base, rnd) });
    }
  }
  // Reporters do not write in the order persons were created.
  for (let i = alerts.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [alerts[i], alerts[j]] = [alerts[j], alerts[i]];
  }
  return alerts;
}

const VARIANTS = [
  'same',
  'no-postal-code',
  'other-postal-code',
  'case-and-accents',
  'typo',
  'transposition',
  'swapped-names',
  'cyrillic-lookalike',
  'latin-lookalike',
  'no-birth-date-with-phone',
  'no-birth-date-no-phone',
] as const;
type Variant = (typeof VARIANTS)[number];

function vary(
  kind: Variant,
  base: { givenName: string; familyName: string; birthDate: string; postalCode: string; phone: string },
  rnd: () => number,
): CorpusAlert['person'] {
  const p: CorpusAlert['person'] = { ...base, phone: rnd() < 0.5 ? base.phone : undefined };
  const at = (s: string) => Math.floor(rnd() * s.length);
  switch (kind) {
    case 'same':
      return p;
    case 'no-postal-code':
      return { ...p, postalCode: undefined };
    case 'other-postal-code':
      return { ...p, postalCode: base.postalCode === '1000' ? '4000' : '1000' };
    case 'case-and-accents':
      return {
        ...p,
        familyName: base.familyName.toUpperCase(),
        givenName: base.givenName.normalize('NFD').replace(/\p{Diacritic}/gu, ''),
      };
    case 'typo': {
      const s = base.familyName;
      const i = at(s);
      const letter = 'aeioustnr'[Math.floor(rnd() * 9)];
      const r = rnd();
      const typo =
        r < 0.33
          ? s.slice(0, i) + s.slice(i + 1)
          : r < 0.66
            ? s.slice(0, i) + letter + s.slice(i + 1)
            : s.slice(0, i) + letter + s.slice(i);
      return { ...p, familyName: typo || s };
    }
    case 'transposition': {
      const s = base.familyName;
      const i = Math.max(0, Math.min(s.length - 2, at(s)));
      return { ...p, familyName: s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) };
    }
    case 'swapped-names':
      return { ...p, givenName: base.familyName, familyName: base.givenName };
    case 'cyrillic-lookalike':
      return { ...p, familyName: [...base.familyName].map((c) => CYRILLIC[c] ?? c).join('') };
    case 'latin-lookalike': {
      const s = base.familyName.toLowerCase();
      const idx = [...s].findIndex((c) => LOOKALIKE[c]);
      if (idx < 0) {
        return { ...p, familyName: base.familyName.replace(/e/, 'é') };
      }
      return { ...p, familyName: s.slice(0, idx) + LOOKALIKE[s[idx]] + s.slice(idx + 1) };
    }
    case 'no-birth-date-with-phone':
      return { ...p, birthDate: undefined, phone: base.phone };
    case 'no-birth-date-no-phone':
      return { ...p, birthDate: undefined, phone: undefined };
  }
}
