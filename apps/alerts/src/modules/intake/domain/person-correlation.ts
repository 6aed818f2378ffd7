import { LATIN_LOOKALIKES } from './confusables.generated.js';
import { NationalNumber } from './national-number.value-object.js';

export interface PersonClues {
  givenName: string;
  familyName: string;
  birthDate?: string;
  postalCode?: string;
  nationalNumber?: string;
}

export type CorrelationStrength =
  'national-number' | 'name-birth-date-postal-code' | 'name-birth-date' | 'name-postal-code' | 'none';

export interface CorrelationKey {
  strength: CorrelationStrength;
  /** Plain key material; it must be turned into a keyed hash before it is stored. */
  material: string;
}

/**
 * The confusable skeleton of UTS #39 for names: NFD, every Cyrillic or Greek letter that looks
 * like a Latin one replaced by that Latin letter (Unicode's confusables.txt, see
 * confusables.generated.ts), NFD again. "Маrie" with a Cyrillic М gives "Marie". Latin letters
 * are left as they are, so the skeleton of a Latin name is its NFD form.
 */
export function confusableSkeleton(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFD')) {
    out += LATIN_LOOKALIKES[ch] ?? ch;
  }
  return out.normalize('NFD');
}

/** Lower-case, no accents, one space between words: "  Jean-Pierre  DUPONT " → "jean pierre dupont". */
function foldName(decomposed: string): string {
  return decomposed
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A name as correlation compares it: its confusable skeleton, folded (case, accents, separators),
 * so that a look-alike letter from another script does not make a second person.
 */
export function normaliseName(name: string): string {
  return foldName(confusableSkeleton(name));
}

/** The folding before confusable skeletons (issue 14): only to find persons recorded with it. */
function legacyNormaliseName(name: string): string {
  return foldName(name.normalize('NFD'));
}

/**
 * How alerts about one person find each other: the national number when there is one, else
 * the normalised name with the birth date. The postal code is not part of the joining key
 * (issue 15): a man with no fixed address is the same man as the one whose last postal code an
 * earlier reporter gave. A person with no number and no birth date cannot be told apart from a
 * namesake, so no joining key is produced (the name + postal code key of earlier versions joined
 * namesakes of one commune: it is no longer produced nor looked up), and the possible-match
 * search (person-matching.ts) proposes the likely persons to a coordinator instead.
 *
 * The name + birth date + postal code key of earlier versions is still produced after the
 * joining key when a postal code is given, so that a person recorded before issue 15 who has
 * only that key is still found (and gets the joining key then); migration 1787000000100 gives
 * every recorded person the joining key anyway.
 *
 * A name with a Cyrillic or Greek look-alike letter also gets the keys it had before names were
 * folded to their skeleton, right after its new ones, so that a person recorded then is still
 * found (and gets the new keys then). A Latin name has one set of keys.
 */
export function correlationKeysFor(p: PersonClues): CorrelationKey[] {
  const keys: CorrelationKey[] = [];
  const niss = p.nationalNumber ? NationalNumber.parse(p.nationalNumber) : undefined;
  if (niss) {
    keys.push(nationalNumberKey(niss.digits));
  }
  const name = `${normaliseName(p.givenName)}|${normaliseName(p.familyName)}`;
  const legacy = `${legacyNormaliseName(p.givenName)}|${legacyNormaliseName(p.familyName)}`;
  for (const n of legacy === name ? [name] : [name, legacy]) {
    if (p.birthDate) {
      keys.push({ strength: 'name-birth-date', material: `nb:${n}|${p.birthDate}` });
      if (p.postalCode) {
        keys.push({ strength: 'name-birth-date-postal-code', material: `nbp:${n}|${p.birthDate}|${p.postalCode}` });
      }
    }
  }
  return keys;
}

/** The joining key of a person recorded with a birth date (the backfill of migration 1787000000100). */
export function nameBirthDateKey(givenName: string, familyName: string, birthDate: string): CorrelationKey {
  return {
    strength: 'name-birth-date',
    material: `nb:${normaliseName(givenName)}|${normaliseName(familyName)}|${birthDate}`,
  };
}

/** The key of a verified national number (R29), the same whether given at intake or later. */
export function nationalNumberKey(digits: string): CorrelationKey {
  return { strength: 'national-number', material: `niss:${digits}` };
}
