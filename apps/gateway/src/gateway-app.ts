import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DevIdentityProvider, TokenVerifier } from '#concerto/auth';
import {
  createBrowserSessions,
  demoProfessionals,
  MemorySessionStore,
  RedisSessionStore,
  webAppMiddleware,
} from '#concerto/bff';
import { type ConcertoConfig, ConfigError, trustedProxies } from '#concerto/config';
import {
  completeApiDocument,
  correlationMiddleware,
  ProblemDetailsFilter,
  securityHeadersMiddleware,
} from '#concerto/http';
import { JsonLogger } from '#concerto/observability';
import { MergedApiDocs } from './gateway-docs.js';
import {
  DEV_IDP_JWKS,
  GATEWAY_UPSTREAMS,
  GatewayDevIdpController,
  GatewayHealthController,
} from './gateway-health.controller.js';
import { GatewayProxy, type Upstreams } from './gateway.proxy.js';

export interface Gateway {
  app: NestExpressApplication;
  /** Set in local/development mode (no AUTH_JWKS_URL): the issuer whose JWKS the gateway serves. */
  identityProvider?: DevIdentityProvider;
  close(): Promise<void>;
}

@Module({})
class GatewayModule {
  static register(upstreams: Upstreams, devJwks?: { keys: unknown[] }): DynamicModule {
    return {
      module: GatewayModule,
      controllers: devJwks ? [GatewayHealthController, GatewayDevIdpController] : [GatewayHealthController],
      providers: [
        { provide: GATEWAY_UPSTREAMS, useValue: upstreams },
        ...(devJwks ? [{ provide: DEV_IDP_JWKS, useValue: devJwks }] : []),
      ],
    };
  }
}

/**
 * The public HTTP edge of the distributed mode. It verifies the bearer token itself (and the
 * services verify it again), rate-limits alert intake, proxies /v1/alerts, /v1/cases and
 * /v1/bassins to their services, and serves /health, /ready and the merged /docs.
 *
 * Without AUTH_JWKS_URL it runs the local development issuer: it verifies with the key pair in
 * DATA_DIR/keys (the one `npm run -s token` signs with) and publishes its JWKS at /dev-idp/jwks,
 * which the services then use as their AUTH_JWKS_URL.
 */
export async function createGateway(
  config: ConcertoConfig,
  opts: { upstreamTimeoutMs?: number } = {},
): Promise<Gateway> {
  const missing = (['ALERTS_URL', 'CASES_URL', 'DIRECTORY_URL'] as const).filter((k) => !config[k]);
  if (missing.length > 0) {
    throw new ConfigError(
      `Invalid configuration for the gateway:\n  ${missing.map((k) => `${k}: is required`).join('\n  ')}`,
    );
  }
  const upstreams: Upstreams = {
    alerts: config.ALERTS_URL!,
    cases: config.CASES_URL!,
    directory: config.DIRECTORY_URL!,
    ...(config.SCHEDULING_URL ? { scheduling: config.SCHEDULING_URL } : {}),
    ...(config.NOTIFICATIONS_URL ? { notifications: config.NOTIFICATIONS_URL } : {}),
  };

  const identityProvider = config.AUTH_JWKS_URL
    ? undefined
    : await DevIdentityProvider.load(join(config.DATA_DIR, 'keys'), config.AUTH_ISSUER, config.AUTH_AUDIENCE);
  const verifier = new TokenVerifier({
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    rolesClaim: config.AUTH_ROLES_CLAIM,
    jwksUrl: config.AUTH_JWKS_URL,
    localJwks: identityProvider?.jwks(),
  });
  const proxy = new GatewayProxy({
    upstreams,
    verifier,
    alertRateLimitPerMinute: config.ALERT_RATE_LIMIT_PER_MINUTE,
    upstreamTimeoutMs: opts.upstreamTimeoutMs,
  });

  const app = await NestFactory.create<NestExpressApplication>(
    GatewayModule.register(upstreams, identityProvider?.jwks()),
    new ExpressAdapter(),
    {
      logger: new JsonLogger('concerto-gateway', config.LOG_LEVEL),
      bodyParser: false,
      abortOnError: false,
    },
  );
  app.disable('x-powered-by');
  // The gateway overwrites X-Forwarded-For with the address it believes (a load balancer's header, if trusted).
  app.set('trust proxy', trustedProxies(config));
  // Browser sessions (ADR 0022): in Redis when REDIS_URL is set, so that every gateway replica
  // knows every session; in memory otherwise (one gateway, sessions end with it).
  const sessions = createBrowserSessions({
    config,
    verifier,
    store: config.REDIS_URL ? new RedisSessionStore(config.REDIS_URL) : new MemorySessionStore(),
    devIdp: identityProvider,
    users: demoProfessionals(JSON.parse(readFileSync(resolve(config.DIRECTORY_SEED_FILE), 'utf8'))),
  });
  app.use(correlationMiddleware);
  app.use(securityHeadersMiddleware);
  // /auth/*, then the session cookie of /v1/* becomes the bearer token the proxy verifies and forwards.
  app.use(sessions.routes);
  app.use(sessions.authenticate);
  // Before Nest's router and with no body parser: request bodies stream through untouched.
  app.use(proxy.middleware);
  // The web app (dist/web) at /, after the proxy (which keeps /v1/*), before /health and /docs.
  app.use(webAppMiddleware({ dir: config.WEB_DIR, identityProvider: config.OIDC_ISSUER_URL }));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();

  const docs = new MergedApiDocs(upstreams);
  const base = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Concerto API')
      .setDescription(
        'The red button for complex health and social situations in Brussels: raise an alert, and a named bassin coordinator owns the situation. Distributed mode: this gateway forwards each path to the service that owns it.',
      )
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, base, {
    jsonDocumentUrl: 'docs-json',
    // The gateway answers 504 itself when a service is too slow, and 401/429 before the service sees the request.
    patchDocumentOnRequest: async (_req, _res, document) =>
      completeApiDocument(await docs.document(document), { extraStatuses: [504] }),
  });
  await app.init();
  return {
    app,
    identityProvider,
    close: async () => {
      await app.close();
      proxy.close();
      await sessions.close();
    },
  };
}
