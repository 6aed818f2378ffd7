import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'notifications';
// Migration 1800000000100 (blocked and done messages) runs before this one: its triggers stay allowed.
const BEFORE = `'action-opened','action-handed-over','action-before-due','action-due','action-escalated','action-no-owner','record-summary','action-blocked','action-done'`;

/**
 * The person's own link, sent to its holder (ADR 0025, amendment): a follow-up message of trigger
 * `person-link` (subject: the link's id in scheduling; ids only, the link is read when it leaves).
 */
export class AddPersonLinkMessages1801000000200 implements MigrationInterface {
  name = 'AddPersonLinkMessages1801000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."follow_up_messages" DROP CONSTRAINT "follow_up_messages_trigger_check"`);
    await q.query(`ALTER TABLE "${S}"."follow_up_messages" ADD CONSTRAINT "follow_up_messages_trigger_check"
      CHECK ("trigger" IN (${BEFORE},'person-link'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "${S}"."follow_up_messages" WHERE "trigger" = 'person-link'`);
    await q.query(`ALTER TABLE "${S}"."follow_up_messages" DROP CONSTRAINT "follow_up_messages_trigger_check"`);
    await q.query(`ALTER TABLE "${S}"."follow_up_messages" ADD CONSTRAINT "follow_up_messages_trigger_check"
      CHECK ("trigger" IN (${BEFORE}))`);
  }
}
