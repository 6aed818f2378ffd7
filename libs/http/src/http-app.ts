import { type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
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
}

/** The HTTP edge every Concerto service shares: limits, headers, errors, validation, OpenAPI. */
export function configureHttpApp(app: INestApplication, opts: HttpAppOptions): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: '32kb' });
  // Calendar imports (iCalendar free/busy) arrive as text/calendar.
  express.useBodyParser('text', { type: 'text/calendar', limit: '512kb' });
  // Providers' delivery reports (Twilio) arrive as forms; flat name=value pairs only.
  express.useBodyParser('urlencoded', { extended: false, limit: '16kb' });
  express.disable('x-powered-by');
  express.set('trust proxy', 'loopback');
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
