// B-pipeline, step "directory lookup": the routing the intake asks the directory for, as a bare
// node:http server over the directory's own tables (read only). Same four reads as the directory
// service: the postal code, the territory fallbacks, the bassin, its duty roster.
import http from 'node:http';
import { announce, pool, readBody, reply } from './common.mjs';

const port = Number(process.env.BARE_DIRECTORY_PORT);
const token = process.env.BARE_INTERNAL_TOKEN;
const db = pool();

async function route(postalCode) {
  const areas = postalCode
    ? (
        await db.query(
          `SELECT postal_code, bassins, default_bassin FROM directory.postal_codes WHERE postal_code = $1`,
          [postalCode.trim()],
        )
      ).rows
    : [];
  const fallbacks = (await db.query(`SELECT value FROM directory.territory_settings WHERE key = 'fallbacks'`)).rows[0]
    .value;
  let r;
  const area = areas[0];
  if (!postalCode) {
    r = {
      bassinId: fallbacks.noFixedAddress,
      reason: 'no-fixed-address',
      needsConfirmation: true,
      candidateBassins: [fallbacks.noFixedAddress],
    };
  } else if (!area) {
    r = {
      bassinId: fallbacks.outsideBrussels,
      reason: 'outside-brussels',
      needsConfirmation: true,
      candidateBassins: [fallbacks.outsideBrussels],
    };
  } else if (area.bassins.length === 1) {
    r = {
      bassinId: area.bassins[0],
      reason: 'postal-code',
      needsConfirmation: false,
      candidateBassins: [...area.bassins],
    };
  } else {
    r = {
      bassinId: area.default_bassin ?? area.bassins[0],
      reason: 'ambiguous-postal-code',
      needsConfirmation: true,
      candidateBassins: [...area.bassins],
    };
  }
  const bassin = (await db.query(`SELECT id, name, urgent_guidance FROM directory.bassins WHERE id = $1`, [r.bassinId]))
    .rows[0];
  const roster = (
    await db.query(`SELECT coordinator_id, backup_id, lead_id FROM directory.duty_roster WHERE bassin_id = $1`, [
      r.bassinId,
    ])
  ).rows[0];
  if (!bassin || !roster) {
    return undefined;
  }
  return {
    bassinId: r.bassinId,
    bassinName: bassin.name,
    reason: r.reason,
    needsConfirmation: r.needsConfirmation,
    candidateBassins: r.candidateBassins,
    escalationChain: { coordinatorId: roster.coordinator_id, backupId: roster.backup_id, leadId: roster.lead_id },
    urgentGuidance: {
      suicideRisk: bassin.urgent_guidance.suicideRisk ?? [],
      suspectedViolence: bassin.urgent_guidance.suspectedViolence ?? [],
    },
  };
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.method !== 'POST' || req.url !== '/internal/v1/directory/routing') {
      return reply(res, 404, { status: 404 });
    }
    if (req.headers['x-internal-token'] !== token) {
      return reply(res, 401, { status: 401 });
    }
    const text = await readBody(req, 16 * 1024);
    let body;
    try {
      body = JSON.parse(text || '{}');
    } catch {
      return reply(res, 400, { status: 400 });
    }
    if (body.postalCode !== undefined && (typeof body.postalCode !== 'string' || !/^\d{4}$/.test(body.postalCode))) {
      return reply(res, 400, { status: 400 });
    }
    const decision = await route(body.postalCode);
    if (!decision) {
      return reply(res, 503, { status: 503 });
    }
    reply(res, 200, decision);
  } catch (e) {
    process.stderr.write(`directory: ${e.stack}\n`);
    if (!res.headersSent) {
      reply(res, 500, { status: 500 });
    }
  }
});
server.keepAliveTimeout = 65000;
server.listen(port, '127.0.0.1', () =>
  announce('directory', () => new Promise((r) => server.close(() => db.end().then(r)))),
);
