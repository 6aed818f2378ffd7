import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PersonIdentity, PersonIdentityApi } from '#concerto/contracts';
import { queryRows } from '#concerto/persistence';
import { ALERTS_DB } from '../../../alerts.tokens.js';

/**
 * The identity vault: resolves a pseudonymous personRef into a person's identity for an
 * authorised reader. The caller audits the access; the national number itself never leaves.
 */
@Injectable()
export class PersonVaultService implements PersonIdentityApi {
  constructor(@Inject(ALERTS_DB) private readonly ds: DataSource) {}

  async identify(personRef: string): Promise<PersonIdentity | undefined> {
    const [row] = await queryRows<{
      person_ref: string;
      given_name: string;
      family_name: string;
      birth_date: string | Date | null;
      national_number: string | null;
      postal_code: string | null;
      no_fixed_address: boolean;
      preferred_language: string | null;
    }>(this.ds, `SELECT * FROM "alerts"."persons" WHERE "person_ref" = $1`, [personRef]);
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
