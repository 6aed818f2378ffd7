import { randomUUID } from 'node:crypto';
import { MessagingRetention } from '#concerto/messaging';
import { startTestEngine, type TestEngine } from '#concerto/testing';
import { AlertsServiceModule } from '../../alerts/src/alerts-service.module.js';
import { CasesServiceModule } from '../../cases/src/cases-service.module.js';
import { NotificationsServiceModule } from '../../notifications/src/notifications-service.module.js';
import { SchedulingServiceModule } from '../../scheduling/src/scheduling-service.module.js';

describe('retention of settled timers in every service that has timers (embedded)', () => {
  let t: TestEngine;

  beforeAll(async () => {
    t = await startTestEngine();
  });
  afterAll(() => t?.close());

  const retentionOf = (module: object) =>
    t.engine.app.select(module as never).get(MessagingRetention, { strict: true });

  it.each([
    ['cases', CasesServiceModule],
    ['scheduling', SchedulingServiceModule],
    ['notifications', NotificationsServiceModule],
  ])(
    'should delete the %s timers settled before TIMER_RETENTION_HOURS and keep the pending ones',
    async (schema, module) => {
      const old = randomUUID();
      const pending = randomUUID();
      const insert = `INSERT INTO "${schema}"."timers" ("id","kind","subject_id","due_at","correlation_id","fired_at") VALUES ($1, 'retention-test', 's', now() - interval '300 hours', 'c', $2)`;
      await t.sql(insert, [old, new Date(Date.now() - 200 * 3600_000)]);
      await t.sql(insert.replace(`'retention-test'`, `'retention-test-pending'`), [pending, null]);

      const result = await retentionOf(module).sweep();

      expect(result.timerRowsDeleted).toBeGreaterThanOrEqual(1);
      expect(
        await t.sql(`SELECT "id" FROM "${schema}"."timers" WHERE "id" = ANY($1::uuid[])`, [[old, pending]]),
      ).toEqual([{ id: pending }]);
    },
  );

  it('should not look for timers in a service that has none', async () => {
    expect(await retentionOf(AlertsServiceModule).sweep()).not.toHaveProperty('timerRowsDeleted');
  });
});
