import { type MigrationInterface, type QueryRunner } from 'typeorm';

const S = 'scheduling';

/**
 * After the meeting (issue 17): concertation records with their previous versions, action items,
 * and the case's referent. Content is structured and bounded (R13): the record's short items live
 * in `content`, validated at the edge; nothing here is a clinical note.
 */
export class CreateFollowUpTables1794000000000 implements MigrationInterface {
  name = 'CreateFollowUpTables1794000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}"."concertation_records" (
      "id" uuid PRIMARY KEY,
      "concertation_id" uuid NOT NULL UNIQUE,
      "case_id" uuid NOT NULL,
      "held" boolean NOT NULL,
      "version" integer NOT NULL,
      "content" jsonb NOT NULL,
      "recorded_by" varchar(64) NOT NULL,
      "recorded_at" timestamptz NOT NULL,
      "locks_on" date NOT NULL
    )`);
    await q.query(`CREATE INDEX "concertation_records_case_idx" ON "${S}"."concertation_records" ("case_id")`);
    await q.query(`CREATE TABLE "${S}"."concertation_record_versions" (
      "record_id" uuid NOT NULL REFERENCES "${S}"."concertation_records" ("id"),
      "version" integer NOT NULL,
      "held" boolean NOT NULL,
      "content" jsonb NOT NULL,
      "recorded_by" varchar(64) NOT NULL,
      "recorded_at" timestamptz NOT NULL,
      "amended_by" varchar(64) NOT NULL,
      "amended_at" timestamptz NOT NULL,
      "reason" varchar(280),
      PRIMARY KEY ("record_id", "version")
    )`);
    await q.query(`CREATE TABLE "${S}"."action_items" (
      "id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "record_id" uuid,
      "deadline_id" uuid,
      "kind" varchar(20) NOT NULL,
      "title" varchar(160) NOT NULL,
      "owner_participant_id" uuid,
      "owner_organisation_id" varchar(64),
      "due_on" date NOT NULL,
      "status" varchar(24) NOT NULL,
      "blocked_reason" varchar(32),
      "step" varchar(16) NOT NULL,
      "follow_up_item_id" uuid,
      "opened_by" varchar(64) NOT NULL,
      "opened_at" timestamptz NOT NULL,
      "resolved_by" varchar(64),
      "resolved_at" timestamptz,
      "version" integer NOT NULL,
      CHECK (("owner_participant_id" IS NULL) <> ("owner_organisation_id" IS NULL))
    )`);
    await q.query(`CREATE INDEX "action_items_case_idx" ON "${S}"."action_items" ("case_id")`);
    await q.query(
      `CREATE INDEX "action_items_owner_idx" ON "${S}"."action_items" ("owner_participant_id") WHERE "status" IN ('open','blocked','awaiting-confirmation')`,
    );
    await q.query(`CREATE TABLE "${S}"."case_referents" (
      "case_id" uuid PRIMARY KEY,
      "participant_id" uuid NOT NULL,
      "designated_by" varchar(64) NOT NULL,
      "designated_at" timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."case_referents"`);
    await q.query(`DROP TABLE "${S}"."action_items"`);
    await q.query(`DROP TABLE "${S}"."concertation_record_versions"`);
    await q.query(`DROP TABLE "${S}"."concertation_records"`);
  }
}
