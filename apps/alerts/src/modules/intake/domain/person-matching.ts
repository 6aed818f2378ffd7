import { correlationKeysFor, normaliseName, type PersonClues } from './person-correlation.js';

/** Why two persons may be one: codes, never names. */
export const POSSIBLE_MATCH_REASONS = [
  'name-typo',
  'swapped-names',
  'confusable-letter',
  'phone-without-birth-date',
  'name-without-birth-date',
] as const;
export type PossibleMatchReason = (typeof POSSIBLE_MATCH_REASONS)[number];

/** What the possible-match search reads of a person: the vault's fields, decrypted in the alerts service only. */
export interface MatchIdentity {
  givenName: string;
  familyName: string;
  birthDate?: string;
}

export interface BlockingKey {
  kind: 'birth-date' | 'phone' | 'name';
  /** Plain key material; it must be turned into a keyed hash before it is stored. */
  material: string;
}

/** The largest edit distance (Damerau: a transposition counts one) between two folded full names still proposed. */
export const MAX_NAME_DISTANCE = 2;

/**
 * Coarse keys that bring the persons who may be the same one together, so that only a handful of
 * vault rows are decrypted and compared: the birth date (a typo, swapped names or a look-alike
 * letter leave it as it is), the phone (a reporter who did not know the birth date often has a
 * number), and the folded name in any order (an alert with neither).
 * They are stored as keyed hashes only: the blocking table holds no name, date or number.
 */
export function blockingKeysFor(p: PersonClues & { phone?: string }): BlockingKey[] {
  const keys: BlockingKey[] = [];
  if (p.birthDate) {
    keys.push({ kind: 'birth-date', material: `bd:${p.birthDate}` });
  }
  const phone = p.phone ? normalisePhone(p.phone) : undefined;
  if (phone) {
    keys.push({ kind: 'phone', material: `ph:${phone}` });
  }
  keys.push({ kind: 'name', material: `nm:${unorderedName(p.givenName, p.familyName)}` });
  return keys;
}

/** Belgian numbers written any way: "0470 12 34 56", "+32 470 12.34.56" and "0032470123456" are one number. */
export function normalisePhone(phone: string): string | undefined {
  let digits = phone.replace(/[^\d+]/g, '');
  if (digits.startsWith('+')) {
    digits = digits.slice(1);
  } else if (digits.startsWith('00')) {
    digits = digits.slice(2);
  } else if (digits.startsWith('0')) {
    digits = `32${digits.slice(1)}`;
  }
  digits = digits.replace(/\D/g, '');
  return digits.length >= 8 ? digits : undefined;
}

function unorderedName(givenName: string, familyName: string): string {
  return `${normaliseName(givenName)} ${normaliseName(familyName)}`.split(' ').filter(Boolean).sort().join(' ');
}

/**
 * Letters a reporter's keyboard or eye takes for one another that the confusables table (other
 * scripts) does not fold: Turkish dotless i, Polish ł, Nordic ø, ligatures, digits for letters.
 */
const LOOKALIKES: Record<string, string> = {
  ı: 'i',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  '0': 'o',
  '1': 'l',
  '5': 's',
  y: 'i',
  j: 'i',
  ÿ: 'i',
};

function lookalikeFold(folded: string): string {
  return [...folded].map((ch) => LOOKALIKES[ch] ?? ch).join('');
}

/**
 * Why `a` and `b` may be the same person, or nothing if they look like two persons. Called only
 * on persons the blocking keys brought together and only for a proposal: a coordinator decides.
 * Exact equality of name and birth date is not a possible match (the joining key already joined it).
 */
export function possibleMatchReasons(a: MatchIdentity, b: MatchIdentity, samePhone: boolean): PossibleMatchReason[] {
  const aGiven = normaliseName(a.givenName);
  const aFamily = normaliseName(a.familyName);
  const bGiven = normaliseName(b.givenName);
  const bFamily = normaliseName(b.familyName);
  const aFull = `${aGiven} ${aFamily}`;
  const bFull = `${bGiven} ${bFamily}`;
  const reasons: PossibleMatchReason[] = [];
  if (a.birthDate && b.birthDate) {
    if (a.birthDate !== b.birthDate) {
      return [];
    }
    if (aFull === bFull) {
      return [];
    }
    if (aGiven === bFamily && aFamily === bGiven) {
      reasons.push('swapped-names');
    } else if (lookalikeFold(aFull) === lookalikeFold(bFull)) {
      reasons.push('confusable-letter');
    } else if (
      editDistance(aFull, bFull) <= MAX_NAME_DISTANCE ||
      editDistance(`${aFamily} ${aGiven}`, bFull) <= MAX_NAME_DISTANCE
    ) {
      reasons.push('name-typo');
    }
    return reasons;
  }
  // One of them has no birth date: a shared phone with a close name, or the very same name, is proposed;
  // never joined, since a namesake is as likely.
  if (samePhone && closeNames(aGiven, aFamily, bGiven, bFamily)) {
    reasons.push('phone-without-birth-date');
  } else if (unorderedName(a.givenName, a.familyName) === unorderedName(b.givenName, b.familyName)) {
    reasons.push('name-without-birth-date');
  }
  return reasons;
}

function closeNames(aGiven: string, aFamily: string, bGiven: string, bFamily: string): boolean {
  const b = `${bGiven} ${bFamily}`;
  return (
    editDistance(`${aGiven} ${aFamily}`, b) <= MAX_NAME_DISTANCE ||
    editDistance(`${aFamily} ${aGiven}`, b) <= MAX_NAME_DISTANCE ||
    lookalikeFold(`${aGiven} ${aFamily}`) === lookalikeFold(b)
  );
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > MAX_NAME_DISTANCE + 1) {
    return MAX_NAME_DISTANCE + 1;
  }
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[s.length][t.length];
}

/** One recorded person as the in-memory correlation sees it (the bench, the unit tests). */
interface IndexedPerson extends MatchIdentity {
  id: string;
  phones: Set<string>;
}

export type CorrelationOutcome =
  | { kind: 'joined'; personId: string }
  | { kind: 'new'; personId: string; possibleMatches: { personId: string; reasons: PossibleMatchReason[] }[] };

/**
 * The whole correlation over plain keys, in memory: the exact keys join, the blocking keys and
 * `possibleMatchReasons` propose. The intake does the same over keyed hashes and the vault;
 * this form lets the benchmark and the tests measure it without a database.
 */
export class InMemoryCorrelation {
  private readonly exact = new Map<string, string>();
  private readonly blocks = new Map<string, Set<string>>();
  private readonly persons = new Map<string, IndexedPerson>();
  private next = 0;

  correlate(p: PersonClues & { phone?: string }): CorrelationOutcome {
    const keys = correlationKeysFor(p);
    const blocking = blockingKeysFor(p);
    const found = keys.map((k) => this.exact.get(k.material)).find((id) => id !== undefined);
    if (found) {
      this.index(found, p, keys, blocking);
      return { kind: 'joined', personId: found };
    }
    const candidates = new Set<string>();
    for (const key of blocking) {
      for (const id of this.blocks.get(key.material) ?? []) {
        candidates.add(id);
      }
    }
    const phone = p.phone ? normalisePhone(p.phone) : undefined;
    const possibleMatches: { personId: string; reasons: PossibleMatchReason[] }[] = [];
    for (const id of candidates) {
      const other = this.persons.get(id)!;
      const reasons = possibleMatchReasons(p, other, phone !== undefined && other.phones.has(phone));
      if (reasons.length > 0) {
        possibleMatches.push({ personId: id, reasons });
      }
    }
    const personId = `p${++this.next}`;
    this.persons.set(personId, { id: personId, ...p, phones: new Set() });
    this.index(personId, p, keys, blocking);
    return { kind: 'new', personId, possibleMatches };
  }

  private index(
    personId: string,
    p: PersonClues & { phone?: string },
    keys: { material: string }[],
    blocking: BlockingKey[],
  ): void {
    for (const k of keys) {
      if (!this.exact.has(k.material)) {
        this.exact.set(k.material, personId);
      }
    }
    for (const k of blocking) {
      const set = this.blocks.get(k.material) ?? new Set<string>();
      set.add(personId);
      this.blocks.set(k.material, set);
    }
    const phone = p.phone ? normalisePhone(p.phone) : undefined;
    if (phone) {
      this.persons.get(personId)?.phones.add(phone);
    }
  }
}
