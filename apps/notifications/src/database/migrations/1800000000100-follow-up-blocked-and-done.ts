import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'notifications';
const BEFORE = `'action-opened','action-handed-over','action-before-due','action-due','action-escalated','action-no-owner','record-summary'`;

/**
 * The coordinator and the referent are told when an owner marks an item blocked or done
 * (issue 17, ADR 0024 amendment): two more triggers of the follow-up messages; and an
 * organisation that owns an item is a recipient of its own.
 */
export class FollowUpBlockedAndDone1800000000100 implements MigrationInterface {
  name = 'FollowUpBlockedAndDone1800000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "${S}"."follow_up_messages" DROP CONSTRAINT IF EXISTS "follow_up_messages_trigger_check"`,
    );
    await q.query(
      `ALTER TABLE "${S}"."follow_up_messages" ADD CONSTRAINT "follow_up_messages_trigger_check" CHECK ("trigger" IN (${BEFORE},'action-blocked','action-done'))`,
    );
    // An organisation that owns an item is told on its own contact.
    await q.query(
      `ALTER TABLE "${S}"."follow_up_messages" DROP CONSTRAINT IF EXISTS "follow_up_messages_recipient_type_check"`,
    );
    await q.query(
      `ALTER TABLE "${S}"."follow_up_messages" ADD CONSTRAINT "follow_up_messages_recipient_type_check" CHECK ("recipient_type" IN ('participant','coordinator','organisation'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM "${S}"."follow_up_messages" WHERE "trigger" IN ('action-blocked','action-done') OR "recipient_type" = 'organisation'`,
    );
    await q.query(
      `ALTER TABLE "${S}"."follow_up_messages" DROP CONSTRAINT IF EXISTS "follow_up_messages_recipient_type_check"`,
    );
    await q.query(
      `ALTER TABLE "${S}"."follow_up_messages" ADD CONSTRAINT "follow_up_messages_recipient_type_check" CHECK ("recipient_type" IN ('participant','coordinator'))`,
    );
    await q.query(
      `ALTER TABLE "${S}"."follow_up_messages" DROP CONSTRAINT IF EXISTS "follow_up_messages_trigger_check"`,
    );
    await q.query(
      `ALTER TABLE "${S}"."follow_up_messages" ADD CONSTRAINT "follow_up_messages_trigger_check" CHECK ("trigger" IN (${BEFORE}))`,
    );
  }
}
