import { type MigrationInterface, type QueryRunner } from 'typeorm';

const S = 'cases';

/**
 * Every alert that lands on a case is a signal the owner acknowledges (issue 15). Existing cases get
 * one signal per attached alert: acknowledged with the case when it was, pending with it otherwise.
 * The cases row keeps what the worklist sorts and filters on (earliest due acknowledgement, pending count).
 */
export class AddCaseSignals1783000000000 implements MigrationInterface {
  name = 'AddCaseSignals1783000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}"."signals" (
      "signal_id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL REFERENCES "${S}"."cases"("case_id"),
      "type" varchar(32) NOT NULL,
      "urgency" varchar(16) NOT NULL,
      "reporter_id" varchar(64) NOT NULL,
      "reporter_role" varchar(64),
      "received_at" timestamptz NOT NULL,
      "acknowledge_by" timestamptz NOT NULL,
      "acknowledged_by" varchar(64),
      "acknowledged_at" timestamptz,
      "escalation_level" smallint NOT NULL
    )`);
    await q.query(`CREATE INDEX "signals_case_idx" ON "${S}"."signals" ("case_id")`);
    await q.query(`INSERT INTO "${S}"."signals"
      ("signal_id","case_id","type","urgency","reporter_id","received_at","acknowledge_by","acknowledged_by","acknowledged_at","escalation_level")
      SELECT (a->>'alertId')::uuid, c."case_id", a->>'type', a->>'urgency', a->>'reporterId', (a->>'at')::timestamptz,
             c."acknowledge_by", c."acknowledged_by", c."acknowledged_at", c."escalation_level"
        FROM "${S}"."cases" c CROSS JOIN LATERAL jsonb_array_elements(c."alerts") a
      ON CONFLICT ("signal_id") DO NOTHING`);
    await q.query(`ALTER TABLE "${S}"."cases" ADD COLUMN "ack_due_at" timestamptz`);
    await q.query(`ALTER TABLE "${S}"."cases" ADD COLUMN "pending_signals" integer NOT NULL DEFAULT 0`);
    await q.query(`UPDATE "${S}"."cases" c SET
      "pending_signals" = (SELECT count(*) FROM "${S}"."signals" g WHERE g."case_id" = c."case_id" AND g."acknowledged_at" IS NULL),
      "ack_due_at" = (SELECT min(g."acknowledge_by") FROM "${S}"."signals" g WHERE g."case_id" = c."case_id" AND g."acknowledged_at" IS NULL)`);
    await q.query(`CREATE INDEX "cases_worklist_idx" ON "${S}"."cases" ("bassin_id", "urgency", "ack_due_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "${S}"."cases_worklist_idx"`);
    await q.query(`ALTER TABLE "${S}"."cases" DROP COLUMN "pending_signals"`);
    await q.query(`ALTER TABLE "${S}"."cases" DROP COLUMN "ack_due_at"`);
    await q.query(`DROP TABLE "${S}"."signals"`);
  }
}
