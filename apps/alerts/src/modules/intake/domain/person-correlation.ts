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

/** Lower-case, no accents, one space between words: "  Jean-Pierre  DUPONT " → "jean pierre dupont". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * How alerts about one person find each other: the national number when there is one, else
 * the normalised name with the birth date and postal code. A person with no number, no birth
 * date and no address cannot be told apart from a namesake, so no key is produced and the
 * alert opens its own case (a coordinator can merge later).
 */
export function correlationKeysFor(p: PersonClues): CorrelationKey[] {
  const keys: CorrelationKey[] = [];
  const niss = p.nationalNumber ? NationalNumber.parse(p.nationalNumber) : undefined;
  if (niss) {
    keys.push({ strength: 'national-number', material: `niss:${niss.digits}` });
  }
  const name = `${normaliseName(p.givenName)}|${normaliseName(p.familyName)}`;
  if (p.birthDate && p.postalCode) {
    keys.push({ strength: 'name-birth-date-postal-code', material: `nbp:${name}|${p.birthDate}|${p.postalCode}` });
  } else if (p.birthDate) {
    keys.push({ strength: 'name-birth-date', material: `nb:${name}|${p.birthDate}` });
  } else if (p.postalCode) {
    keys.push({ strength: 'name-postal-code', material: `np:${name}|${p.postalCode}` });
  }
  return keys;
}
