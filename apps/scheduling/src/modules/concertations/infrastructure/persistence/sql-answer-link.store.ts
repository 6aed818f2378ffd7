import { Injectable } from '@nestjs/common';
import type { RsvpAction, RsvpGrant } from '#concerto/auth';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { AnswerLinkStore } from '../../application/answer-link-store.js';

interface AnswerLinkRow {
  invitation_id: string;
  meeting_id: string;
  meeting_sequence: number;
  action: RsvpAction;
  expires_at: Date;
}

@Injectable()
export class SqlAnswerLinkStore extends AnswerLinkStore {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async save(tokenHash: string, grant: RsvpGrant): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "scheduling"."answer_links"
         ("token_hash","invitation_id","meeting_id","meeting_sequence","action","expires_at")
       VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT ("token_hash") DO UPDATE
         SET "expires_at" = GREATEST("answer_links"."expires_at", EXCLUDED."expires_at")`,
      [tokenHash, grant.invitationId, grant.meetingId, grant.meetingSequence, grant.action, grant.expiresAt],
    );
  }

  async find(tokenHash: string): Promise<RsvpGrant | undefined> {
    const [r] = await queryRows<AnswerLinkRow>(
      this.uow.manager,
      `SELECT * FROM "scheduling"."answer_links" WHERE "token_hash" = $1`,
      [tokenHash],
    );
    return r
      ? {
          invitationId: r.invitation_id,
          meetingId: r.meeting_id,
          meetingSequence: Number(r.meeting_sequence),
          action: r.action,
          expiresAt: new Date(r.expires_at),
        }
      : undefined;
  }
}
