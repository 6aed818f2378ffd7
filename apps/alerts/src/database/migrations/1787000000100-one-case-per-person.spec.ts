import { createHmac, randomBytes } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { FieldCipher } from '#concerto/persistence';
import { correlationKeysFor } from '../../modules/intake/domain/person-correlation.js';
import { personFieldContext } from '../../modules/intake/infrastructure/persistence/person-vault-encryption.js';
import { oneCasePerPersonMigration } from './1787000000100-one-case-per-person.js';

const SECRET = 'a-pseudonym-secret-of-at-least-32-characters';
const hmac = (material: string) => createHmac('sha256', SECRET).update(material).digest('hex');

/**
 * A person recorded before issue 15 with a postal code has only the name + birth date + postal
 * code key: the migration gives them the joining key an alert without a postal code looks up.
 */
describe('migration 1787000000100 (one case per person)', () => {
  it('should give every recorded person the name + birth date key, decrypted from the vault', async () => {
    const cipher = new FieldCipher(randomBytes(32));
    const personRef = '00000000-0000-4000-8000-000000000001';
    const seal = (column: 'given_name' | 'family_name' | 'birth_date', value: string) =>
      cipher.encrypt(value, personFieldContext(personRef, column));
    const stored = {
      person_ref: personRef,
      given_name: seal('given_name', 'Martin'),
      family_name: seal('family_name', 'Lejeune'),
      birth_date: seal('birth_date', '1961-04-17'),
      vault_key_id: cipher.currentKeyId,
    };
    const inserts: { sql: string; params: unknown[] }[] = [];
    let selects = 0;
    const q = {
      query: (sql: string, params: unknown[] = []) => {
        if (sql.startsWith('SELECT')) {
          return Promise.resolve(selects++ === 0 ? [stored] : []);
        }
        if (sql.startsWith('INSERT')) {
          inserts.push({ sql, params });
        }
        return Promise.resolve([]);
      },
    } as unknown as QueryRunner;

    await new (oneCasePerPersonMigration(cipher, SECRET))().up(q);

    const withoutPostalCode = correlationKeysFor({
      givenName: 'MARTIN',
      familyName: 'lejeune',
      birthDate: '1961-04-17',
    });
    const personKeys = inserts.filter((i) => i.sql.includes('"person_keys"')).map((i) => i.params);
    expect(personKeys).toEqual([[hmac(withoutPostalCode[0].material), 'name-birth-date', personRef]]);
    const blocking = inserts.filter((i) => i.sql.includes('"person_blocking_keys"')).map((i) => i.params[1]);
    expect(blocking).toEqual(['birth-date', 'name']);
    // Nothing in clear goes into the key tables.
    expect(JSON.stringify(inserts.map((i) => i.params))).not.toMatch(/martin|lejeune|1961/i);
  });

  it('should refuse to run without the pseudonym secret', async () => {
    const q = { query: () => Promise.resolve([]) } as unknown as QueryRunner;
    await expect(new (oneCasePerPersonMigration(new FieldCipher(randomBytes(32)), ''))().up(q)).rejects.toThrow(
      /PSEUDONYM_SECRET/,
    );
  });
});
