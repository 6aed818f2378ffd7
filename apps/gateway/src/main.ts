import 'reflect-metadata';
import { loadConfig } from '#concerto/config';
import { JsonLogger } from '#concerto/observability';
import { armShutdownDeadline, runMain } from '#concerto/platform';
import { createGateway } from './gateway-app.js';

// Distributed mode: the public HTTP edge (PORT) in front of the alerts, cases and directory services.
runMain('gateway', async () => {
  const config = loadConfig();
  const logger = new JsonLogger('concerto-gateway', config.LOG_LEVEL);
  const gateway = await createGateway(config);
  await gateway.app.listen(config.PORT, config.LISTEN_HOST);
  const url = `http://${config.LISTEN_HOST}:${config.PORT}`;
  logger.log({
    msg: `gateway listening on ${url} (API docs: ${url}/docs)`,
    port: config.PORT,
    devIssuer: gateway.identityProvider ? `${url}/dev-idp/jwks` : undefined,
    upstreams: { alerts: config.ALERTS_URL, cases: config.CASES_URL, directory: config.DIRECTORY_URL },
    sinceProcessStartMs: Math.round(process.uptime() * 1000),
    pid: process.pid,
  });
  armShutdownDeadline(logger, gateway.app);
});
