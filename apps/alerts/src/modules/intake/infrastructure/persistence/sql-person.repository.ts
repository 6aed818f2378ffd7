import { Injectable } from '@nestjs/common';
import type { PersonIdentity } from '#concerto/contracts';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { type NewPerson, type PersonKey, PersonRepository } from '../../application/ports/person.repository.js';

interface PersonRow {
  person_ref: string;
  given_name: string;
  family_name: string;
  birth_date: string | Date | null;
  national_number: string | null;
  postal_code: string | null;
  no_fixed_address: boolean;
  preferred_language: string | null;
}

@Injectable()
export class SqlPersonRepository extends PersonRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
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
    // A later alert without any postal code keeps the last known one: it is still the best area known.
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "alerts"."persons" SET "no_fixed_address" = $2, "postal_code" = COALESCE($3, "postal_code") WHERE "person_ref" = $1`,
        [personRef, noFixedAddress, postalCode ?? null],
      );
  }

  async add(p: NewPerson): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "alerts"."persons" ("person_ref","given_name","family_name","birth_date","national_number","postal_code","no_fixed_address","preferred_language","created_at")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [
        p.personRef,
        p.givenName,
        p.familyName,
        p.birthDate ?? null,
        p.nationalNumber ?? null,
        p.postalCode ?? null,
        p.noFixedAddress,
        p.preferredLanguage ?? null,
        p.createdAt,
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
    return {
      personRef: row.person_ref,
      givenName: row.given_name,
      familyName: row.family_name,
      birthDate: row.birth_date ? toDateOnly(row.birth_date) : undefined,
      postalCode: row.postal_code ?? undefined,
      noFixedAddress: row.no_fixed_address,
      preferredLanguage: row.preferred_language ?? undefined,
      hasNationalNumber: row.national_number !== null,
    };
  }
}

function toDateOnly(value: string | Date): string {
  if (typeof value === 'string') {
    return value.slice(0, 10);
  }
  const local = new Date(value.getTime() - value.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}
