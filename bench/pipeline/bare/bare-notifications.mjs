// B-pipeline, the notifications service's part, by hand: on case.opened, one transaction records the
// event in its inbox and writes its case view.
import { announce, consume, env, kafka, pool } from './common.mjs';

const S = 'bare_notifications';
const db = pool();
const k = kafka('bare-notifications');

const caseView = await consume(k, {
  group: 'bare.notifications.case-view',
  topic: env.caseTopic,
  schema: S,
  consumerName: 'notifications',
  apply: {
    db,
    fn: async (c, ev) => {
      if (ev.type === 'case.opened') {
        await c.query(
          `INSERT INTO ${S}.case_view (case_id, bassin_id, opened_at) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`,
          [ev.data.caseId, ev.data.bassinId, ev.data.openedAt],
        );
      }
    },
  },
});
await caseView.ready;
announce('notifications', async () => {
  await caseView.consumer.disconnect();
  await db.end();
});
