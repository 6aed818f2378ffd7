import { Injectable } from '@nestjs/common';
import type { PersonIdentity } from '#concerto/contracts';
import { UnitOfWork } from '#concerto/messaging';
import { FieldCipher, queryRows } from '#concerto/persistence';
import {
  type NewPerson,
  type PersonBlockingKey,
  type PersonKey,
  PersonRepository,
} from '../../application/ports/person.repository.js';
import { type EncryptedPersonColumn, personFieldContext } from './person-vault-encryption.js';

interface PersonRow {
  person_ref: string;
  given_name: string;
  family_name: string;
  birth_date: string | null;
  national_number: string | null;
  postal_code: string | null;
  no_fixed_address: boolean;
  preferred_language: string | null;
  vault_key_id: string | null;
}

/** The identity vault's rows: every identifying column is encrypted under the vault's keyring. */
@Injectable()
export class SqlPersonRepository extends PersonRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: FieldCipher,
  ) {
    super();
  }

  async lockKeys(hashes: string[]): Promise<void> {
    const manager = this.uow.transaction.requireManager();
    // Sorted, so that two intakes sharing keys take their locks in the same order (no deadlock).
    for (const hash of [...new Set(hashes)].sort()) {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [hash]);
    }
  }

  async findByKey(hash: string): Promise<string | undefined> {
    const [row] = await queryRows<{ person_ref: string }>(
      this.uow.manager,
      `SELECT "person_ref" FROM "alerts"."person_keys" WHERE "key_hash" = $1`,
      [hash],
    );
    return row?.person_ref;
  }

  async addKeys(personRef: string, keys: PersonKey[]): Promise<void> {
    const manager = this.uow.transaction.requireManager();
    for (const key of keys) {
      await manager.query(
        `INSERT INTO "alerts"."person_keys" ("key_hash","strength","person_ref") VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`,
        [key.hash, key.strength, personRef],
      );
    }
  }

  async recordAddressState(personRef: string, noFixedAddress: boolean, postalCode: string | undefined): Promise<void> {
    const manager = this.uow.transaction.requireManager();
    if (postalCode === undefined) {
      // A later alert without any postal code keeps the last known one: it is still the best area known.
      await manager.query(`UPDATE "alerts"."persons" SET "no_fixed_address" = $2 WHERE "person_ref" = $1`, [
        personRef,
        noFixedAddress,
      ]);
      return;
    }
    // Each sealed value names its own key; the start-up rewrite has already put the row under the current one.
    await manager.query(
      `UPDATE "alerts"."persons" SET "no_fixed_address" = $2, "postal_code" = $3 WHERE "person_ref" = $1`,
      [personRef, noFixedAddress, this.cipher.encrypt(postalCode, personFieldContext(personRef, 'postal_code'))],
    );
  }

  async add(p: NewPerson): Promise<void> {
    const seal = (column: EncryptedPersonColumn, value: string | undefined) =>
      this.cipher.encryptOptional(value, personFieldContext(p.personRef, column));
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "alerts"."persons" ("person_ref","given_name","family_name","birth_date","national_number","postal_code","no_fixed_address","preferred_language","created_at","vault_key_id")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [
        p.personRef,
        seal('given_name', p.givenName),
        seal('family_name', p.familyName),
        seal('birth_date', p.birthDate),
        seal('national_number', p.nationalNumber),
        seal('postal_code', p.postalCode),
        p.noFixedAddress,
        p.preferredLanguage ?? null,
        p.createdAt,
        this.cipher.currentKeyId,
      ],
    );
  }

  async identify(personRef: string): Promise<PersonIdentity | undefined> {
    const [row] = await queryRows<PersonRow>(
      this.uow.manager,
      `SELECT * FROM "alerts"."persons" WHERE "person_ref" = $1`,
      [personRef],
    );
    if (!row) {
      return undefined;
    }
    // A row still in clear (vault_key_id NULL) only exists between the migration and its rewrite.
    const open = (column: EncryptedPersonColumn): string | undefined => {
      const stored = row[column];
      if (stored === null || row.vault_key_id === null) {
        return stored ?? undefined;
      }
      return this.cipher.decrypt(stored, personFieldContext(row.person_ref, column));
    };
    return {
      personRef: row.person_ref,
      givenName: open('given_name') ?? '',
      familyName: open('family_name') ?? '',
      birthDate: open('birth_date'),
      postalCode: open('postal_code'),
      noFixedAddress: row.no_fixed_address,
      preferredLanguage: row.preferred_language ?? undefined,
      hasNationalNumber: row.national_number !== null,
    };
  }

  async addBlockingKeys(personRef: string, keys: PersonBlockingKey[]): Promise<void> {
    const manager = this.uow.transaction.requireManager();
    for (const key of keys) {
      await manager.query(
        `INSERT INTO "alerts"."person_blocking_keys" ("key_hash","kind","person_ref") VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`,
        [key.hash, key.kind, personRef],
      );
    }
  }

  async findByBlockingKeys(hashes: string[]): Promise<{ personRef: string; kinds: string[] }[]> {
    if (hashes.length === 0) {
      return [];
    }
    const rows = await queryRows<{ person_ref: string; kinds: string }>(
      this.uow.manager,
      `SELECT "person_ref", string_agg("kind", ',') AS "kinds" FROM "alerts"."person_blocking_keys"
        WHERE "key_hash" = ANY($1::text[]) GROUP BY "person_ref" ORDER BY "person_ref" LIMIT 50`,
      [hashes],
    );
    return rows.map((r) => ({ personRef: r.person_ref, kinds: r.kinds.split(',') }));
  }

  keyOwner(hash: string): Promise<string | undefined> {
    return this.findByKey(hash);
  }

  async recordNationalNumber(personRef: string, digits: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`UPDATE "alerts"."persons" SET "national_number" = $2 WHERE "person_ref" = $1`, [
        personRef,
        this.cipher.encrypt(digits, personFieldContext(personRef, 'national_number')),
      ]);
  }
}
