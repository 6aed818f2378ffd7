import { join } from 'node:path';
import type { ConcertoConfig } from '#concerto/config';
import { ConfigError } from '#concerto/config';
import type { EmailSender, SmsSender } from '../domain/ports.js';
import { DevMailboxSender } from './dev-mailbox.sender.js';
import { DevSmsSink } from './dev-sms.sink.js';
import { TwilioSmsSender } from './http-sms.sender.js';
import { twilioStatusCallbackUrl } from '../application/twilio-signature.js';
import type { MailIdentity } from './mail-options.js';
import { SmtpEmailSender, type SmtpEmailSenderOptions } from './smtp-email.sender.js';

/** Where the development sinks write: MAILBOX_DIR, else DATA_DIR/mailbox. */
export function mailboxDir(config: Pick<ConcertoConfig, 'MAILBOX_DIR' | 'DATA_DIR'>): string {
  return config.MAILBOX_DIR ?? join(config.DATA_DIR, 'mailbox');
}

/**
 * The development mailbox is readable through the API only when asked for (DEV_MAILBOX, refused
 * with NODE_ENV=production) and without a real SMTP relay. Without SMTP_URL the messages land in
 * the folder whether it is served or not.
 */
export function devMailboxEnabled(config: Pick<ConcertoConfig, 'DEV_MAILBOX' | 'SMTP_URL'>): boolean {
  return config.DEV_MAILBOX && !config.SMTP_URL;
}

export function mailIdentity(config: Pick<ConcertoConfig, 'MAIL_FROM_ADDRESS' | 'MAIL_FROM_NAME'>): MailIdentity {
  return {
    from: { name: config.MAIL_FROM_NAME, address: config.MAIL_FROM_ADDRESS },
    messageIdDomain: config.MAIL_FROM_ADDRESS.split('@')[1],
  };
}

const truthy = (v: string | null) => v === 'true' || v === '1' || v === 'yes';

/**
 * smtp://[user[:pass]@]host[:port][?requireTls=true&allowInvalidCertificates=true&timeoutMs=10000]
 * smtps://… for implicit TLS (port 465 by default).
 */
export function smtpOptionsFromUrl(url: string, identity: MailIdentity): SmtpEmailSenderOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError('SMTP_URL is not a URL (expected smtp://[user[:pass]@]host[:port] or smtps://…)');
  }
  if ((u.protocol !== 'smtp:' && u.protocol !== 'smtps:') || !u.hostname) {
    throw new ConfigError('SMTP_URL must start with smtp:// or smtps://');
  }
  const secure = u.protocol === 'smtps:';
  const timeout = u.searchParams.get('timeoutMs');
  return {
    ...identity,
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    requireTls: truthy(u.searchParams.get('requireTls')),
    allowInvalidCertificates: truthy(u.searchParams.get('allowInvalidCertificates')),
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    ...(timeout ? { connectionTimeoutMs: Number(timeout) } : {}),
  };
}

export interface EmailChannel {
  sender: EmailSender;
  /** Set when e-mails go to the development mailbox. */
  devMailbox?: DevMailboxSender;
  close(): void;
}

/** SMTP when SMTP_URL is set, else the development mailbox (an .eml file per message). */
export function createEmailChannel(config: ConcertoConfig, now: () => Date): EmailChannel {
  const identity = mailIdentity(config);
  if (config.SMTP_URL) {
    const smtp = new SmtpEmailSender(smtpOptionsFromUrl(config.SMTP_URL, identity));
    return { sender: smtp, close: () => smtp.close() };
  }
  const devMailbox = new DevMailboxSender(mailboxDir(config), identity, now);
  return { sender: devMailbox, devMailbox, close: () => undefined };
}

export interface SmsChannel {
  sender: SmsSender;
  devSink?: DevSmsSink;
}

/** The development sink unless SMS_PROVIDER=twilio (which then needs its TWILIO_* settings). */
export function createSmsChannel(config: ConcertoConfig, now: () => Date): SmsChannel {
  if (config.SMS_PROVIDER === 'twilio') {
    const missing = [
      !config.TWILIO_ACCOUNT_SID && 'TWILIO_ACCOUNT_SID',
      !config.TWILIO_AUTH_TOKEN && 'TWILIO_AUTH_TOKEN',
      !config.TWILIO_FROM && !config.TWILIO_MESSAGING_SERVICE_SID && 'TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID',
    ].filter((m): m is string => !!m);
    if (missing.length > 0) {
      throw new ConfigError(`SMS_PROVIDER=twilio needs:\n  ${missing.join('\n  ')}`);
    }
    return {
      sender: new TwilioSmsSender({
        accountSid: config.TWILIO_ACCOUNT_SID!,
        authToken: config.TWILIO_AUTH_TOKEN,
        from: config.TWILIO_FROM,
        messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID,
        statusCallbackUrl: twilioStatusCallbackUrl(config.PUBLIC_BASE_URL),
        baseUrl: config.TWILIO_API_BASE_URL,
      }),
    };
  }
  const devSink = new DevSmsSink(join(mailboxDir(config), 'sms'), now);
  return { sender: devSink, devSink };
}
