import { type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LIMITS } from '#concerto/config';
import { completeApiDocument } from './api-document.js';
import { correlationMiddleware } from './correlation.middleware.js';
import { methodNotAllowedMiddleware } from './method-not-allowed.middleware.js';
import { securityHeadersMiddleware } from './security-headers.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { createValidationPipe } from './validation.pipe.js';

export interface HttpAppOptions {
  title: string;
  description: string;
  version?: string;
  /** Addresses whose X-Forwarded-For is believed (express `trust proxy`): TRUSTED_PROXIES. Default loopback. */
  trustedProxies?: string[];
}

/** The HTTP edge every Concerto service shares: limits, headers, errors, validation, OpenAPI. */
export function configureHttpApp(app: INestApplication, opts: HttpAppOptions): void {
  const express = app as NestExpressApplication;
  // The sizes come from the table of limits (docs/limits.md), the gateway's per-route cap too.
  express.useBodyParser('json', { limit: LIMITS.body.jsonBytes });
  // Calendar imports (iCalendar free/busy) arrive as text/calendar.
  express.useBodyParser('text', { type: 'text/calendar', limit: LIMITS.body.calendarBytes });
  // Providers' delivery reports (Twilio) arrive as forms; flat name=value pairs only.
  express.useBodyParser('urlencoded', { extended: false, limit: LIMITS.body.formBytes });
  express.disable('x-powered-by');
  // The client address (answer-link budget, logs) is read from X-Forwarded-For only when the
  // connection comes from a trusted proxy: the gateway, which overwrites the header.
  express.set('trust proxy', opts.trustedProxies ?? 'loopback');
  app.use(correlationMiddleware);
  app.use(securityHeadersMiddleware);
  app.use(
    methodNotAllowedMiddleware(() => (express.getHttpAdapter().getInstance() as unknown as { router?: never }).router),
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const doc = completeApiDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(opts.title)
        .setDescription(opts.description)
        .setVersion(opts.version ?? '1.0')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .build(),
    ),
  );
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs-json' });
}
