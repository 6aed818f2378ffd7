import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { PersonLinkStore, type StoredPersonLink } from '../application/person-link-store.js';

interface Row {
  id: string;
  link_id: string;
  case_id: string;
  participant_id: string;
  expires_at: Date;
  issued_by: string;
  issued_at: Date;
}

const COLUMNS = `"id","link_id","case_id","participant_id","expires_at","issued_by","issued_at"`;

@Injectable()
export class SqlPersonLinkStore extends PersonLinkStore {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async save(link: StoredPersonLink, tokenHash: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`INSERT INTO "scheduling"."person_links" (${COLUMNS},"token_hash") VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, [
        link.id,
        link.linkId,
        link.caseId,
        link.participantId,
        link.expiresAt,
        link.issuedBy,
        link.issuedAt,
        tokenHash,
      ]);
  }

  async find(id: string): Promise<StoredPersonLink | undefined> {
    const [row] = await queryRows<Row>(
      this.uow.manager,
      `SELECT ${COLUMNS} FROM "scheduling"."person_links" WHERE "id" = $1`,
      [id],
    );
    return row ? toLink(row) : undefined;
  }

  async findByTokenHash(tokenHash: string): Promise<StoredPersonLink | undefined> {
    const [row] = await queryRows<Row>(
      this.uow.manager,
      `SELECT ${COLUMNS} FROM "scheduling"."person_links" WHERE "token_hash" = $1`,
      [tokenHash],
    );
    return row ? toLink(row) : undefined;
  }
}

function toLink(r: Row): StoredPersonLink {
  return {
    id: r.id,
    linkId: r.link_id,
    caseId: r.case_id,
    participantId: r.participant_id,
    expiresAt: new Date(r.expires_at),
    issuedBy: r.issued_by,
    issuedAt: new Date(r.issued_at),
  };
}
