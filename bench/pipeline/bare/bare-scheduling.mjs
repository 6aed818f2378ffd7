// B-pipeline, the scheduling service's part, by hand: on case.opened it reads the person's identity
// from the intake (bare HTTP call, before the transaction, as the engine does), then in one
// transaction records the event in its inbox, writes its case view and seats the person as a
// participant.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { announce, consume, env, kafka, pool } from './common.mjs';

const S = 'bare_scheduling';
const intakeUrl = process.env.BARE_INTAKE_URL;
const internalToken = process.env.BARE_INTERNAL_TOKEN;
const SERVED = ['fr', 'nl', 'en'];
const db = pool();
const k = kafka('bare-scheduling');
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function identify(personRef, correlationId) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${intakeUrl}/internal/v1/persons/${personRef}`,
      { agent, headers: { 'x-internal-token': internalToken, 'x-correlation-id': correlationId } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          if (res.statusCode === 404) {
            resolve(undefined);
          } else if (res.statusCode === 200) {
            resolve(JSON.parse(text));
          } else {
            reject(new Error(`intake answered HTTP ${res.statusCode}`));
          }
        });
      },
    );
    req.setTimeout(3000, () => req.destroy(new Error('intake timed out')));
    req.on('error', reject);
  });
}

const caseView = await consume(k, {
  group: 'bare.scheduling.case-view',
  topic: env.caseTopic,
  schema: S,
  consumerName: 'scheduling',
  prepare: (ev) =>
    ev.type === 'case.opened' ? identify(ev.data.personRef, ev.correlationid) : Promise.resolve(undefined),
  apply: {
    db,
    fn: async (c, ev, identity) => {
      if (ev.type !== 'case.opened') {
        return;
      }
      const d = ev.data;
      await c.query(
        `INSERT INTO ${S}.case_view (case_id, bassin_id, person_ref, deadline, owner_id, opened_at) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`,
        [d.caseId, d.bassinId, d.personRef, d.deadline ?? null, d.ownerId, d.openedAt],
      );
      const lang = identity?.preferredLanguage ?? 'fr';
      const interpreterNeeded = !SERVED.includes(lang.toLowerCase().split('-')[0]);
      await c.query(
        `INSERT INTO ${S}.participants (id, case_id, kind, display_name, language, interpreter_needed, required, added_by, added_at) VALUES ($1,$2,'person',$3,$4,$5,true,'system',$6) ON CONFLICT DO NOTHING`,
        [
          randomUUID(),
          d.caseId,
          identity ? `${identity.givenName} ${identity.familyName}` : 'The person',
          lang,
          interpreterNeeded,
          new Date(),
        ],
      );
    },
  },
});
await caseView.ready;
announce('scheduling', async () => {
  await caseView.consumer.disconnect();
  await db.end();
});
