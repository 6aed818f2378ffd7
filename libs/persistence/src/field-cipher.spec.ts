import { FieldCipher, fieldCipherFromSettings, newFieldKey, parseFieldKey, personVaultCipher } from './field-cipher.js';

const key = () => parseFieldKey(newFieldKey());

describe('FieldCipher (AES-256-GCM under a keyring)', () => {
  it('should give back the plain text, and never show it in the stored value', () => {
    const cipher = new FieldCipher(key());
    const stored = cipher.encrypt('Zénobie Quaglieri', 'alerts.persons.given_name/p1');
    expect(stored).not.toContain('Zénobie');
    expect(stored.startsWith(`fc1.${cipher.currentKeyId}.`)).toBe(true);
    expect(cipher.decrypt(stored, 'alerts.persons.given_name/p1')).toBe('Zénobie Quaglieri');
  });

  it('should encrypt the same value differently each time (random IV)', () => {
    const cipher = new FieldCipher(key());
    expect(cipher.encrypt('same', 'c')).not.toBe(cipher.encrypt('same', 'c'));
  });

  it('should refuse a value moved to another column or row, or tampered with', () => {
    const cipher = new FieldCipher(key());
    const stored = cipher.encrypt('85073003328', 'alerts.persons.national_number/p1');
    expect(() => cipher.decrypt(stored, 'alerts.persons.national_number/p2')).toThrow();
    expect(() => cipher.decrypt(stored, 'alerts.persons.given_name/p1')).toThrow();
    const parts = stored.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    parts[3] = body.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'alerts.persons.national_number/p1')).toThrow();
  });

  it('should read values of a previous key after a rotation, and write under the new one only', () => {
    const oldKey = key();
    const newKey = key();
    const before = new FieldCipher(oldKey);
    const stored = before.encrypt('Quaglieri', 'ctx');
    const after = new FieldCipher(newKey, [oldKey]);
    expect(after.currentKeyId).not.toBe(before.currentKeyId);
    expect(after.keyIds).toEqual([after.currentKeyId, before.currentKeyId]);
    expect(after.decrypt(stored, 'ctx')).toBe('Quaglieri');
    const rewritten = after.encrypt(after.decrypt(stored, 'ctx'), 'ctx');
    expect(FieldCipher.keyIdOfValue(rewritten)).toBe(after.currentKeyId);
    expect(FieldCipher.keyIdOfValue(stored)).toBe(before.currentKeyId);
    // Once the old key has left the ring, its values no longer decrypt.
    expect(() => new FieldCipher(newKey).decrypt(stored, 'ctx')).toThrow(/not in the keyring/);
  });

  it('should tell a value in clear from an encrypted one', () => {
    expect(FieldCipher.keyIdOfValue('Quaglieri')).toBeUndefined();
    expect(FieldCipher.keyIdOfValue('Rue des Glycines 77, 1180 Uccle')).toBeUndefined();
  });

  it('should read the keyring from settings: a key, a key file, previous keys', () => {
    const current = newFieldKey();
    const previous = [newFieldKey(), newFieldKey()];
    const files: Record<string, string> = {
      '/run/secrets/vault': `${current}\n`,
      '/run/secrets/old': previous.join('\n'),
    };
    const fromFile = fieldCipherFromSettings(
      { keyFile: '/run/secrets/vault', previousKeysFile: '/run/secrets/old' },
      (p) => files[p],
    )!;
    expect(fromFile.currentKeyId).toBe(FieldCipher.keyIdOf(parseFieldKey(current)));
    expect(fromFile.keyIds).toHaveLength(3);
    expect(fieldCipherFromSettings({ key: current, previousKeys: previous.join(',') }, () => '')!.keyIds).toEqual(
      fromFile.keyIds,
    );
    expect(fieldCipherFromSettings({}, () => '')).toBeUndefined();
  });

  it('should refuse to start without a key, or with a key that is not 32 bytes in base64', () => {
    expect(() => personVaultCipher({})).toThrow(/PERSON_VAULT_KEY/);
    expect(() => personVaultCipher({ PERSON_VAULT_KEY: 'REPLACE_ME_32_random_bytes_in_base64' })).toThrow(/base64/);
    expect(() => personVaultCipher({ PERSON_VAULT_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/32/);
    expect(() =>
      personVaultCipher({ PERSON_VAULT_KEY: newFieldKey(), PERSON_VAULT_PREVIOUS_KEYS: 'not-a-key' }),
    ).toThrow(/previous/);
  });
});
