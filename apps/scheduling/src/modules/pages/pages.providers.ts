import type { Provider } from '@nestjs/common';
import { PersonLinkSigner } from '#concerto/auth';
import { CONFIG, type ConcertoConfig, ConfigError } from '#concerto/config';
import { CLOCK, type Clock } from '#concerto/ddd';
import { PageApplicationServices, PageCommandHandlers, PageQueryHandlers } from './application/index.js';
import { OwnAuditTrail } from './application/audit-trail.js';
import { SqlOwnAuditTrail } from './infrastructure/sql-own-audit-trail.js';
import { PersonLinkStore } from './application/person-link-store.js';
import { SqlPersonLinkStore } from './infrastructure/sql-person-link-store.js';

/** The pages people open from a link, without an account or JavaScript (ADR 0025). */
export const pageProviders: Provider[] = [
  {
    provide: PersonLinkSigner,
    inject: [CONFIG, CLOCK],
    // The answer links' secret, under another signing prefix: one secret to keep, no token of one
    // kind ever valid as the other.
    useFactory: (config: ConcertoConfig, clock: Clock) => {
      if (!config.RSVP_LINK_SECRET) {
        throw new ConfigError('RSVP_LINK_SECRET is required (at least 32 characters)');
      }
      return new PersonLinkSigner(config.RSVP_LINK_SECRET, clock);
    },
  },
  { provide: OwnAuditTrail, useClass: SqlOwnAuditTrail },
  { provide: PersonLinkStore, useClass: SqlPersonLinkStore },
  ...PageApplicationServices,
  ...PageCommandHandlers,
  ...PageQueryHandlers,
];
