import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { longestRedelivery } from '#concerto/contracts';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
// Anything but the exact words stays as is and fails @IsBoolean, so a typo is reported, not read as false.
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/**
 * Every environment variable the engine reads, validated at start-up. Nothing else in the
 * code base reads process.env (the README's configuration table lists them).
 */
/** The mobile crisis team number of the demo directory: a placeholder, never shown in production. */
export const DEMO_PLACEHOLDER_PHONE = '+32 2 000 00 00';

export class ConcertoConfig {
  @IsIn(['embedded', 'distributed'])
  CONCERTO_MODE: 'embedded' | 'distributed' = 'embedded';

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** Interface the HTTP servers bind to: loopback by default, 0.0.0.0 in containers. */
  @IsIn(['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'])
  LISTEN_HOST = '127.0.0.1';

  /** HTTP port of the embedded engine or of the gateway. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  ALERTS_PORT = 3101;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  CASES_PORT = 3102;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  DIRECTORY_PORT = 3103;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  SCHEDULING_PORT = 3104;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  NOTIFICATIONS_PORT = 3105;

  /** Embedded mode: where the PGlite database, keys and secrets live. */
  @IsString()
  @MinLength(1)
  DATA_DIR = '.data';

  /** `production` forbids the development-only switches below. */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /**
   * DEVELOPMENT AND TESTS ONLY: the business clock runs ahead of real time by the number of
   * milliseconds in DATA_DIR/clock-offset-ms (`npm run clock -- advance 25h`), so timers days long
   * can be seen firing. Refused when NODE_ENV=production.
   */
  @Transform(toBool)
  @IsBoolean()
  DEV_CLOCK_CONTROL = false;

  /**
   * DEVELOPMENT AND TESTS ONLY: serve what the development sinks captured (e-mails, text
   * messages, letters; no SMTP_URL) at GET /v1/dev/mailbox, to admins and to the coordinators of
   * each message's bassin. Refused when NODE_ENV=production. Off, the messages still land in
   * MAILBOX_DIR (owner-only files).
   */
  @Transform(toBool)
  @IsBoolean()
  DEV_MAILBOX = false;

  /** Embedded mode: port of the PGlite wire-protocol server (0 = any free port). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_PG_PORT = 0;

  /**
   * Embedded mode: password of the PGlite wire-protocol server (user `postgres`). Generated into
   * DATA_DIR/secrets/embedded-pg.key when absent; the server refuses any connection without it.
   */
  @IsOptional()
  @IsString()
  @MinLength(16)
  EMBEDDED_PG_PASSWORD?: string;

  /** Distributed mode: PostgreSQL connection string. */
  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  /**
   * Distributed mode: connection string of the role that owns the service's schema and runs its
   * migrations (DDL) at start. When set, DATABASE_URL's role only gets DML on the schema (and
   * INSERT/SELECT on audit tables); when unset, DATABASE_URL's role migrates itself.
   */
  @IsOptional()
  @IsString()
  MIGRATION_DATABASE_URL?: string;

  /** Distributed mode: Redis for BullMQ. */
  @IsOptional()
  @IsString()
  REDIS_URL?: string;

  /** Distributed mode: comma-separated Kafka bootstrap servers. */
  @IsOptional()
  @IsString()
  KAFKA_BROKERS?: string;

  @IsString()
  @MinLength(1)
  KAFKA_CLIENT_ID = 'concerto';

  @IsUrl({ require_tld: false })
  AUTH_ISSUER = 'http://localhost:3000/dev-idp';

  @IsString()
  @MinLength(1)
  AUTH_AUDIENCE = 'concerto-api';

  /** OIDC provider's JWKS endpoint; when absent, the embedded development key pair is used. */
  @IsOptional()
  @IsUrl({ require_tld: false })
  AUTH_JWKS_URL?: string;

  /** Claim holding the roles (dot path, e.g. `realm_access.roles` for Keycloak). */
  @IsString()
  AUTH_ROLES_CLAIM = 'roles';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  ACK_TIMEOUT_URGENT_MINUTES = 120;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  ACK_TIMEOUT_NORMAL_MINUTES = 2880;

  /** Days after which a concertation record is locked: later changes are versioned amendments with a reason. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RECORD_LOCK_DAYS = 7;

  /** Days before an action item's due date when its owner is reminded. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  ACTION_ITEM_REMINDER_DAYS = 2;

  /** Working days (Brussels public holidays excluded) after the due date before an open item escalates to the coordinator. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  ACTION_ITEM_GRACE_WORKING_DAYS = 3;

  /** Working days before a record's next review when its preparation starts: slots proposed, or the referent's check-in task. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REVIEW_LEAD_WORKING_DAYS = 10;

  /** Count 8 May (the Brussels-Capital Region's feast day, off for regional services) as a holiday. */
  @Transform(toBool)
  @IsBoolean()
  BRUSSELS_IRIS_DAY_HOLIDAY = false;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  ALERT_RATE_LIMIT_PER_MINUTE = 30;

  /** Writes (POST/PUT/PATCH/DELETE) per authenticated user and minute, all routes together, per process. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WRITE_RATE_LIMIT_PER_MINUTE = 120;

  /**
   * Calendar imports (`PUT …/busy.ics`) per user and minute, on top of the write budget: an import is the
   * heaviest write a user can send (issue 14: a re-import loop slowed everyone on the embedded database).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  CALENDAR_IMPORT_RATE_LIMIT_PER_MINUTE = 6;

  /** Requests to the answer links (no account) per client address and minute. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ANSWER_LINK_RATE_LIMIT_PER_MINUTE = 60;

  /**
   * Whose X-Forwarded-For is believed (express `trust proxy`): comma-separated addresses, CIDR ranges
   * or express names (loopback, linklocal, uniquelocal). A service sets it to the gateway's address,
   * so the answer-link budget counts the real client; the gateway, to a load balancer in front of it.
   */
  @IsString()
  @Matches(
    /^(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?))*$/,
    {
      message: 'must be a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal',
    },
  )
  TRUSTED_PROXIES = 'loopback';

  @Transform(toInt)
  @IsInt()
  @Min(50)
  TIMER_SWEEP_INTERVAL_MS = 5000;

  /** How often each replica of the cases service reads the shared change log that feeds the worklist stream. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  WORKLIST_FEED_POLL_MS = 500;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  OUTBOX_POLL_INTERVAL_MS = 500;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  CONSUMER_MAX_ATTEMPTS = 5;

  /** Published outbox rows are deleted this long after publication (ADR 0003). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  OUTBOX_RETENTION_HOURS = 168;

  /**
   * Consumed event ids are forgotten after this long. Must be longer than any topic keeps an event,
   * dead-letter topics included: until then Kafka can deliver the event again (an offset reset, a
   * new consumer group, a replayed dead letter), and only the inbox entry keeps it from taking
   * effect twice.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  INBOX_RETENTION_HOURS = 1080;

  /** Durable timers that fired or were cancelled are deleted this long after (ADR 0005); pending ones never. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  TIMER_RETENTION_HOURS = 168;

  /** How often each service deletes what its outbox, inbox and timers no longer need. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MESSAGING_RETENTION_INTERVAL_MINUTES = 60;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  CONSUMER_RETRY_BACKOFF_MS = 200;

  /**
   * Public address of the engine (the web app, the answer links sent to invitees, the OIDC redirect).
   * Default: the engine's own address, `http://localhost:<PORT>` (the gateway's port in the
   * distributed mode). https here marks the session cookie Secure.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL!: string;

  /** Where the built web app is (`npm run build` writes it): served at `/` by the embedded engine and the gateway. */
  @IsString()
  @MinLength(1)
  WEB_DIR = 'dist/web';

  /** A browser session ends after this many minutes without a request. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES = 30;

  /** A browser session ends this many hours after sign-in, however active. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 24)
  SESSION_MAX_HOURS = 12;

  /** OpenID Connect provider for browser sign-in (authorization code flow with PKCE). Unset: development sign-in. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  OIDC_ISSUER_URL?: string;

  /** The engine's client id at the OIDC provider (required with OIDC_ISSUER_URL). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  OIDC_CLIENT_ID?: string;

  /** The client secret (client_secret_basic); unset for a public client (PKCE only). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  OIDC_CLIENT_SECRET?: string;

  /** Scopes asked at sign-in (space-separated); must include `openid`. */
  @IsString()
  @Matches(/(^|\s)openid(\s|$)/, { message: 'must include openid' })
  OIDC_SCOPES = 'openid profile';

  /** Resource indicator (RFC 8707) asked for, for providers that issue JWT access tokens per resource. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  OIDC_RESOURCE?: string;

  /** Key of the signed answer links (at least 32 characters). Generated in DATA_DIR when absent. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  RSVP_LINK_SECRET?: string;

  /** Invite lists longer than this warn the coordinator: a crowded table oppresses the person. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(50)
  MAX_COMFORTABLE_TABLE_SIZE = 8;

  @IsString()
  @MinLength(1)
  TERRITORY_FILE = 'config/territory/brussels.json';

  @IsString()
  @MinLength(1)
  DIRECTORY_SEED_FILE = 'config/directory/demo-directory.json';

  /**
   * The bassins' mobile crisis team number shown in the urgent guidance of a suicide-risk alert. It is
   * not public: empty, the demo placeholder stays (development only; refused with NODE_ENV=production).
   */
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9][0-9 ./-]{2,30}$/, { message: 'must be a phone number' })
  MOBILE_CRISIS_TEAM_PHONE?: string;

  /** Secret for the keyed hashes that correlate alerts about one person. Generated in DATA_DIR when absent. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  PSEUDONYM_SECRET?: string;

  /**
   * Key that encrypts the personal data at rest (identity vault, care-team contact details):
   * 32 random bytes in base64 (`openssl rand -base64 32`). Required in the distributed mode
   * (or PERSON_VAULT_KEY_FILE); the embedded mode generates DATA_DIR/secrets/vault.key. Its
   * form is checked when the services that use it start (they refuse to start without a valid one).
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  PERSON_VAULT_KEY?: string;

  /** A file holding PERSON_VAULT_KEY (a mounted secret), read when PERSON_VAULT_KEY is absent. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  PERSON_VAULT_KEY_FILE?: string;

  /** Key rotation: the previous vault keys (base64, comma-separated). They decrypt; rows are rewritten under the current key at start-up. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  PERSON_VAULT_PREVIOUS_KEYS?: string;

  /** A file holding previous vault keys, one a line (a mounted secret). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  PERSON_VAULT_PREVIOUS_KEYS_FILE?: string;

  /** Shared secret for service-to-service calls in the distributed mode. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  INTERNAL_API_TOKEN?: string;

  @IsOptional()
  @IsUrl({ require_tld: false })
  ALERTS_URL?: string;

  @IsOptional()
  @IsUrl({ require_tld: false })
  CASES_URL?: string;

  @IsOptional()
  @IsUrl({ require_tld: false })
  DIRECTORY_URL?: string;

  @IsOptional()
  @IsUrl({ require_tld: false })
  SCHEDULING_URL?: string;

  @IsOptional()
  @IsUrl({ require_tld: false })
  NOTIFICATIONS_URL?: string;

  // ------------------------------------------------------------------ notifications (invitations)

  /** SMTP relay for invitations, e.g. smtp://user:pass@mail.example.org:587?requireTls=true (smtps:// for implicit TLS); checked when the notifications service starts. Absent: e-mails go to the development mailbox (MAILBOX_DIR). */
  @IsOptional()
  @IsString()
  @MinLength(8)
  SMTP_URL?: string;

  /** Sender of the invitations (and ORGANIZER of their calendar objects). */
  @IsString()
  @Matches(/^[^\s@"<>()[\],;:\\]+@[A-Za-z0-9.-]+$/)
  MAIL_FROM_ADDRESS = 'no-reply@concerto.localhost';

  @IsString()
  @MinLength(1)
  MAIL_FROM_NAME = 'Concerto';

  /** Phone number printed in letters and person-facing texts to answer or ask questions (optional). */
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ./()-]{6,32}$/)
  COORDINATION_PHONE?: string;

  // ------------------------------------------------------------------ calendar replies (scheduling, ADR 0023)

  /**
   * Port of the inbound SMTP listener that receives the iTIP REPLY of calendar apps (Accept/Decline
   * buttons) sent to each invitation's reply address. 0 (the default): off, and invitations keep
   * the sender address as ORGANIZER. It runs in the scheduling service (in the engine in embedded mode).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  INBOUND_SMTP_PORT = 0;

  /** Interface the inbound SMTP listener binds; 0.0.0.0 when the domain's MX relays to it from another host. */
  @IsString()
  @MinLength(1)
  INBOUND_SMTP_HOST = '127.0.0.1';

  /** Domain of the reply addresses (`reply+<id>@<domain>`); its MX must reach the listener. Default: the domain of MAIL_FROM_ADDRESS. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/)
  INBOUND_REPLY_DOMAIN?: string;

  /** Largest message the listener accepts (bytes); a calendar reply is a few kilobytes. */
  @Transform(toInt)
  @IsInt()
  @Min(4096)
  @Max(10 * 1024 * 1024)
  INBOUND_SMTP_MAX_BYTES = 512 * 1024;

  /** PEM key and certificate files: when both are set the listener offers STARTTLS; otherwise plain SMTP (behind a relay). */
  @IsOptional()
  @IsString()
  INBOUND_SMTP_TLS_KEY_FILE?: string;

  @IsOptional()
  @IsString()
  INBOUND_SMTP_TLS_CERT_FILE?: string;

  /** Text messages: the development sink (a file in MAILBOX_DIR) or Twilio. */
  @IsIn(['dev-sink', 'twilio'])
  SMS_PROVIDER: 'dev-sink' | 'twilio' = 'dev-sink';

  @IsOptional()
  @IsString()
  @Matches(/^AC[0-9a-fA-F]{32}$/)
  TWILIO_ACCOUNT_SID?: string;

  @IsOptional()
  @IsString()
  @MinLength(16)
  TWILIO_AUTH_TOKEN?: string;

  /** Sender number or alphanumeric id; or use TWILIO_MESSAGING_SERVICE_SID. */
  @IsOptional()
  @IsString()
  @MinLength(2)
  TWILIO_FROM?: string;

  @IsOptional()
  @IsString()
  @Matches(/^MG[0-9a-fA-F]{32}$/)
  TWILIO_MESSAGING_SERVICE_SID?: string;

  /** Twilio's REST API root (a regional edge, or a stand-in in tests). */
  @IsUrl({ require_tld: false, require_protocol: true })
  TWILIO_API_BASE_URL = 'https://api.twilio.com';

  /** Development mailbox: captured e-mails (.eml), text messages and printable letters. Default DATA_DIR/mailbox. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  MAILBOX_DIR?: string;

  /** Language of messages to people whose language is not French, Dutch or English (an interpreter is flagged). */
  @IsIn(['fr', 'nl', 'en'])
  FALLBACK_LANGUAGE: 'fr' | 'nl' | 'en' = 'fr';

  /** Hours after an invitation left without an answer before the next escalation step (another channel, a substitute, the coordinator). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(336)
  NOTIFICATIONS_NO_ANSWER_HOURS = 24;

  /** Attempts per message before it fails (transient errors are retried with exponential backoff). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  NOTIFICATIONS_MAX_ATTEMPTS = 5;

  /** First retry delay of a failed delivery; doubled on each attempt. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  NOTIFICATIONS_RETRY_BACKOFF_MS = 2000;

  /**
   * FAULT TESTS ONLY (test/faults, §7b R5): probability (0-1) that the outbox relay kills its own
   * process (exit 137, like SIGKILL) right after Kafka accepted a batch and before the rows are
   * marked published. 0 (the default) disables the hook. Never set it in a real deployment.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsNumber()
  @Min(0)
  @Max(1)
  FAULT_EXIT_AFTER_PUBLISH_PROBABILITY = 0;
}

export class ConfigError extends Error {}

/** TRUSTED_PROXIES as the list express's `trust proxy` takes. */
export function trustedProxies(config: Pick<ConcertoConfig, 'TRUSTED_PROXIES'>): string[] {
  return config.TRUSTED_PROXIES.split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<ConcertoConfig> = {},
): ConcertoConfig {
  const known = Object.keys(new ConcertoConfig());
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '' && known.includes(key)) {
      plain[key] = value;
    }
  }
  const config = plainToInstance(ConcertoConfig, { ...plain, ...overrides });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  // The engine's own address unless told otherwise, so that links and redirects follow PORT.
  config.PUBLIC_BASE_URL = (config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
  if (config.OIDC_ISSUER_URL && !config.OIDC_CLIENT_ID) {
    throw new ConfigError('Invalid configuration:\n  OIDC_CLIENT_ID: is required with OIDC_ISSUER_URL');
  }
  if (config.DEV_CLOCK_CONTROL && config.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  DEV_CLOCK_CONTROL: the development clock cannot run with NODE_ENV=production',
    );
  }
  if (config.DEV_MAILBOX && config.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  DEV_MAILBOX: the development mailbox cannot be served with NODE_ENV=production',
    );
  }
  if (
    config.NODE_ENV === 'production' &&
    (!config.MOBILE_CRISIS_TEAM_PHONE || config.MOBILE_CRISIS_TEAM_PHONE === DEMO_PLACEHOLDER_PHONE)
  ) {
    throw new ConfigError(
      'Invalid configuration:\n  MOBILE_CRISIS_TEAM_PHONE: the urgent guidance cannot show the demo placeholder with NODE_ENV=production; set the mobile crisis team number',
    );
  }
  const redelivery = longestRedelivery();
  if (config.INBOX_RETENTION_HOURS * 3_600_000 <= redelivery.ms) {
    throw new ConfigError(
      `Invalid configuration:\n  INBOX_RETENTION_HOURS: must be longer than the retention of topic ${redelivery.topic} (${redelivery.ms / 3_600_000} hours), ` +
        'or an event delivered again after its inbox entry is gone would take effect twice',
    );
  }
  return config;
}

export const CONFIG = Symbol('CONCERTO_CONFIG');
