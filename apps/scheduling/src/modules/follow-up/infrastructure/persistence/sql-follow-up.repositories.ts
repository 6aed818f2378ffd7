import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { FieldCipher, queryRows } from '#concerto/persistence';
import { ActionItem, type ActionItemState } from '../../domain/action-item.aggregate.js';
import { ConcertationRecord, type RecordContent } from '../../domain/concertation-record.aggregate.js';
import {
  ActionItemRepository,
  ConcertationRecordRepository,
  ReferentRepository,
  type ReviewProposal,
  ReviewProposalRepository,
} from '../../domain/follow-up.repository.js';
import { openRecordContent, sealRecordContent } from './record-encryption.js';

interface RecordRow {
  id: string;
  concertation_id: string;
  case_id: string;
  held: boolean;
  version: number;
  /** Ids, days and enums only: wishes and decisions are in `personal`, sealed. */
  content: Omit<RecordContent, 'held' | 'wishes' | 'decisions'>;
  personal: string | null;
  recorded_by: string;
  recorded_at: Date;
  locks_on: string;
}

const RECORD_COLUMNS = `"id","concertation_id","case_id","held","version","content","personal","recorded_by","recorded_at","locks_on"::text AS "locks_on"`;

function toRecord(r: RecordRow, cipher: FieldCipher): ConcertationRecord {
  return ConcertationRecord.restore({
    ...r.content,
    ...openRecordContent(cipher, r.id, r.version, r.personal),
    id: r.id,
    concertationId: r.concertation_id,
    caseId: r.case_id,
    held: r.held,
    version: r.version,
    recordedBy: r.recorded_by,
    recordedAt: new Date(r.recorded_at),
    locksOn: r.locks_on,
  });
}

function contentOf(record: ConcertationRecord): string {
  const s = record.snapshot;
  const content: Omit<RecordContent, 'held' | 'wishes' | 'decisions'> = {
    attendance: s.attendance,
    actionItemIds: s.actionItemIds,
    writtenInputFrom: s.writtenInputFrom,
    ...(s.referentParticipantId ? { referentParticipantId: s.referentParticipantId } : {}),
    ...(s.nextReview ? { nextReview: s.nextReview } : {}),
  };
  return JSON.stringify(content);
}

/**
 * Wishes and decisions are sealed under the personal-data keyring (FieldCipher), per record
 * version; the JSON content keeps ids, days and enums only.
 */
@Injectable()
export class SqlConcertationRecordRepository extends ConcertationRecordRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: FieldCipher,
  ) {
    super();
  }

  private sealed(record: ConcertationRecord): string {
    const s = record.snapshot;
    return sealRecordContent(this.cipher, s.id, s.version, s);
  }

  async findByConcertation(concertationId: string, options: { forUpdate?: boolean } = {}) {
    const [row] = await queryRows<RecordRow>(
      this.uow.manager,
      `SELECT ${RECORD_COLUMNS} FROM "scheduling"."concertation_records" WHERE "concertation_id" = $1 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [concertationId],
    );
    return row ? toRecord(row, this.cipher) : undefined;
  }

  async find(recordId: string, options: { forUpdate?: boolean } = {}) {
    const [row] = await queryRows<RecordRow>(
      this.uow.manager,
      `SELECT ${RECORD_COLUMNS} FROM "scheduling"."concertation_records" WHERE "id" = $1 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [recordId],
    );
    return row ? toRecord(row, this.cipher) : undefined;
  }

  async listByCase(caseId: string) {
    const rows = await queryRows<RecordRow>(
      this.uow.manager,
      `SELECT ${RECORD_COLUMNS} FROM "scheduling"."concertation_records" WHERE "case_id" = $1 ORDER BY "recorded_at"`,
      [caseId],
    );
    return rows.map((r) => toRecord(r, this.cipher));
  }

  async add(record: ConcertationRecord): Promise<void> {
    const s = record.snapshot;
    await this.uow.transaction
      .requireManager()
      .query(
        `INSERT INTO "scheduling"."concertation_records" ("id","concertation_id","case_id","held","version","content","personal","vault_key_id","recorded_by","recorded_at","locks_on") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
        [
          s.id,
          s.concertationId,
          s.caseId,
          s.held,
          s.version,
          contentOf(record),
          this.sealed(record),
          this.cipher.currentKeyId,
          s.recordedBy,
          s.recordedAt,
          s.locksOn,
        ],
      );
  }

  async amend(record: ConcertationRecord, previous: ConcertationRecord, reason: string | undefined): Promise<void> {
    const m = this.uow.transaction.requireManager();
    const p = previous.snapshot;
    const s = record.snapshot;
    await m.query(
      `INSERT INTO "scheduling"."concertation_record_versions" ("record_id","version","held","content","personal","vault_key_id","recorded_by","recorded_at","amended_by","amended_at","reason") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [
        p.id,
        p.version,
        p.held,
        contentOf(previous),
        this.sealed(previous),
        this.cipher.currentKeyId,
        p.recordedBy,
        p.recordedAt,
        s.recordedBy,
        s.recordedAt,
        reason ?? null,
      ],
    );
    await m.query(
      `UPDATE "scheduling"."concertation_records" SET "held" = $2, "version" = $3, "content" = $4, "personal" = $5, "vault_key_id" = $6, "recorded_by" = $7, "recorded_at" = $8 WHERE "id" = $1`,
      [
        s.id,
        s.held,
        s.version,
        contentOf(record),
        this.sealed(record),
        this.cipher.currentKeyId,
        s.recordedBy,
        s.recordedAt,
      ],
    );
  }

  async versions(recordId: string) {
    const rows = await queryRows<{ version: number; amended_by: string; amended_at: Date; reason: string | null }>(
      this.uow.manager,
      `SELECT "version","amended_by","amended_at","reason" FROM "scheduling"."concertation_record_versions" WHERE "record_id" = $1 ORDER BY "version"`,
      [recordId],
    );
    return rows.map((r) => ({
      version: r.version,
      amendedBy: r.amended_by,
      amendedAt: new Date(r.amended_at),
      ...(r.reason ? { reason: r.reason } : {}),
    }));
  }
}

interface ItemRow {
  id: string;
  case_id: string;
  record_id: string | null;
  deadline_id: string | null;
  kind: ActionItemState['kind'];
  title: string;
  owner_participant_id: string | null;
  owner_organisation_id: string | null;
  due_on: string;
  status: ActionItemState['status'];
  blocked_reason: ActionItemState['blockedReason'] | null;
  step: ActionItemState['step'];
  follow_up_item_id: string | null;
  opened_by: string;
  opened_at: Date;
  resolved_by: string | null;
  resolved_at: Date | null;
  version: number;
}

const ITEM_COLUMNS = `"id","case_id","record_id","deadline_id","kind","title","owner_participant_id","owner_organisation_id","due_on"::text AS "due_on","status","blocked_reason","step","follow_up_item_id","opened_by","opened_at","resolved_by","resolved_at","version"`;

function toItem(r: ItemRow): ActionItem {
  return ActionItem.restore({
    id: r.id,
    caseId: r.case_id,
    ...(r.record_id ? { recordId: r.record_id } : {}),
    ...(r.deadline_id ? { deadlineId: r.deadline_id } : {}),
    kind: r.kind,
    title: r.title,
    owner: r.owner_participant_id
      ? { participantId: r.owner_participant_id }
      : { organisationId: r.owner_organisation_id! },
    dueOn: r.due_on,
    status: r.status,
    ...(r.blocked_reason ? { blockedReason: r.blocked_reason } : {}),
    step: r.step,
    ...(r.follow_up_item_id ? { followUpItemId: r.follow_up_item_id } : {}),
    openedBy: r.opened_by,
    openedAt: new Date(r.opened_at),
    ...(r.resolved_by ? { resolvedBy: r.resolved_by } : {}),
    ...(r.resolved_at ? { resolvedAt: new Date(r.resolved_at) } : {}),
    version: r.version,
  });
}

@Injectable()
export class SqlActionItemRepository extends ActionItemRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async find(itemId: string, options: { forUpdate?: boolean } = {}) {
    const [row] = await queryRows<ItemRow>(
      this.uow.manager,
      `SELECT ${ITEM_COLUMNS} FROM "scheduling"."action_items" WHERE "id" = $1 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [itemId],
    );
    return row ? toItem(row) : undefined;
  }

  async listByCase(caseId: string) {
    const rows = await queryRows<ItemRow>(
      this.uow.manager,
      `SELECT ${ITEM_COLUMNS} FROM "scheduling"."action_items" WHERE "case_id" = $1 ORDER BY "due_on", "opened_at"`,
      [caseId],
    );
    return rows.map(toItem);
  }

  async listOpenOwnedBy(owner: { professionalId: string; organisationId?: string }) {
    // The owner is a care-team participation (one per case) or an organisation: both name the same person here.
    const rows = await queryRows<ItemRow>(
      this.uow.manager,
      `SELECT ${ITEM_COLUMNS} FROM "scheduling"."action_items"
        WHERE "status" IN ('open','blocked','awaiting-confirmation')
          AND ("owner_participant_id" IN (SELECT "id" FROM "scheduling"."participants" WHERE "professional_id" = $1)
               OR ("owner_organisation_id" IS NOT NULL AND "owner_organisation_id" = $2))
        ORDER BY "due_on", "opened_at"`,
      [owner.professionalId, owner.organisationId ?? null],
    );
    return rows.map(toItem);
  }

  async add(item: ActionItem): Promise<void> {
    const s = item.snapshot;
    await this.uow.transaction
      .requireManager()
      .query(
        `INSERT INTO "scheduling"."action_items" ("id","case_id","record_id","deadline_id","kind","title","owner_participant_id","owner_organisation_id","due_on","status","blocked_reason","step","follow_up_item_id","opened_by","opened_at","resolved_by","resolved_at","version") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,0)`,
        [
          s.id,
          s.caseId,
          s.recordId ?? null,
          s.deadlineId ?? null,
          s.kind,
          s.title,
          s.owner.participantId ?? null,
          s.owner.organisationId ?? null,
          s.dueOn,
          s.status,
          s.blockedReason ?? null,
          s.step,
          s.followUpItemId ?? null,
          s.openedBy,
          s.openedAt,
          s.resolvedBy ?? null,
          s.resolvedAt ?? null,
        ],
      );
  }

  async save(item: ActionItem): Promise<void> {
    const s = item.snapshot;
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "scheduling"."action_items" SET "owner_participant_id" = $2, "owner_organisation_id" = $3, "status" = $4, "blocked_reason" = $5, "step" = $6, "follow_up_item_id" = $7, "resolved_by" = $8, "resolved_at" = $9, "version" = "version" + 1 WHERE "id" = $1`,
        [
          s.id,
          s.owner.participantId ?? null,
          s.owner.organisationId ?? null,
          s.status,
          s.blockedReason ?? null,
          s.step,
          s.followUpItemId ?? null,
          s.resolvedBy ?? null,
          s.resolvedAt ?? null,
        ],
      );
  }
}

@Injectable()
export class SqlReferentRepository extends ReferentRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async find(caseId: string): Promise<string | undefined> {
    const [row] = await queryRows<{ participant_id: string }>(
      this.uow.manager,
      `SELECT "participant_id" FROM "scheduling"."case_referents" WHERE "case_id" = $1`,
      [caseId],
    );
    return row?.participant_id;
  }

  async designate(caseId: string, participantId: string, by: string, at: Date): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "scheduling"."case_referents" ("case_id","participant_id","designated_by","designated_at") VALUES ($1,$2,$3,$4)
         ON CONFLICT ("case_id") DO UPDATE SET "participant_id" = EXCLUDED."participant_id", "designated_by" = EXCLUDED."designated_by", "designated_at" = EXCLUDED."designated_at"`,
      [caseId, participantId, by, at],
    );
  }
}

interface ProposalRow {
  case_id: string;
  record_id: string;
  review_on: string;
  kind: ReviewProposal['kind'];
  status: ReviewProposal['status'];
  slots: Array<{ start: string; end: string; localStart: string; localEnd: string; missingRequired: number }>;
  action_item_id: string | null;
  prepared_at: Date;
}

@Injectable()
export class SqlReviewProposalRepository extends ReviewProposalRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async find(caseId: string): Promise<ReviewProposal | undefined> {
    const [r] = await queryRows<ProposalRow>(
      this.uow.manager,
      `SELECT "case_id","record_id","review_on"::text AS "review_on","kind","status","slots","action_item_id","prepared_at"
         FROM "scheduling"."review_proposals" WHERE "case_id" = $1`,
      [caseId],
    );
    if (!r) {
      return undefined;
    }
    const slots = typeof r.slots === 'string' ? (JSON.parse(r.slots) as ProposalRow['slots']) : r.slots;
    return {
      caseId: r.case_id,
      recordId: r.record_id,
      reviewOn: r.review_on,
      kind: r.kind,
      status: r.status,
      slots: slots.map((s) => ({ ...s, start: new Date(s.start), end: new Date(s.end) })),
      ...(r.action_item_id ? { actionItemId: r.action_item_id } : {}),
      preparedAt: new Date(r.prepared_at),
    };
  }

  async save(p: ReviewProposal): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "scheduling"."review_proposals" ("case_id","record_id","review_on","kind","status","slots","action_item_id","prepared_at")
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
         ON CONFLICT ("case_id") DO UPDATE SET "record_id" = EXCLUDED."record_id", "review_on" = EXCLUDED."review_on",
           "kind" = EXCLUDED."kind", "status" = EXCLUDED."status", "slots" = EXCLUDED."slots",
           "action_item_id" = EXCLUDED."action_item_id", "prepared_at" = EXCLUDED."prepared_at"`,
      [
        p.caseId,
        p.recordId,
        p.reviewOn,
        p.kind,
        p.status,
        JSON.stringify(p.slots),
        p.actionItemId ?? null,
        p.preparedAt,
      ],
    );
  }
}
