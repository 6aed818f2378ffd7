import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import {
  type FollowUpMessage,
  FollowUpMessageRepository,
  type FollowUpTrigger,
  type NewFollowUpMessage,
} from '../../domain/follow-up-message.js';

const S = 'notifications';

interface Row {
  id: string;
  case_id: string;
  subject_id: string;
  trigger: FollowUpTrigger;
  occurrence: string;
  recipient_type: 'participant' | 'coordinator' | 'organisation';
  recipient_ref: string;
  digest: string | null;
  created_at: Date;
}

const toMessage = (r: Row): FollowUpMessage => ({
  id: r.id,
  caseId: r.case_id,
  subjectId: r.subject_id,
  trigger: r.trigger,
  occurrence: r.occurrence,
  recipientType: r.recipient_type,
  recipientRef: r.recipient_ref,
  ...(r.digest ? { digest: r.digest } : {}),
  createdAt: new Date(r.created_at),
});

@Injectable()
export class SqlFollowUpMessageRepository extends FollowUpMessageRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async record(f: NewFollowUpMessage, at: Date): Promise<{ message: FollowUpMessage; created: boolean }> {
    const m = this.uow.transaction.requireManager();
    const inserted = await queryRows<Row>(
      m,
      `INSERT INTO "${S}"."follow_up_messages"
         ("id","case_id","subject_id","trigger","occurrence","recipient_type","recipient_ref","digest","created_at")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
       ON CONFLICT ("subject_id","trigger","occurrence","recipient_ref") DO NOTHING RETURNING *`,
      [
        randomUUID(),
        f.caseId,
        f.subjectId,
        f.trigger,
        f.occurrence,
        f.recipientType,
        f.recipientRef,
        f.digest ?? null,
        at,
      ],
    );
    if (inserted.length === 1) {
      return { message: toMessage(inserted[0]), created: true };
    }
    const [existing] = await queryRows<Row>(
      m,
      `SELECT * FROM "${S}"."follow_up_messages"
        WHERE "subject_id" = $1 AND "trigger" = $2 AND "occurrence" = $3 AND "recipient_ref" = $4`,
      [f.subjectId, f.trigger, f.occurrence, f.recipientRef],
    );
    return { message: toMessage(existing), created: false };
  }

  async find(id: string): Promise<FollowUpMessage | undefined> {
    const [row] = await queryRows<Row>(this.uow.manager, `SELECT * FROM "${S}"."follow_up_messages" WHERE "id" = $1`, [
      id,
    ]);
    return row ? toMessage(row) : undefined;
  }

  async lastSummaryDigest(recordId: string): Promise<string | undefined> {
    const [row] = await queryRows<Pick<Row, 'digest'>>(
      this.uow.manager,
      `SELECT "digest" FROM "${S}"."follow_up_messages"
        WHERE "subject_id" = $1 AND "trigger" = 'record-summary' ORDER BY "created_at" DESC LIMIT 1`,
      [recordId],
    );
    return row?.digest ?? undefined;
  }
}
