import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { DeliveryError, type EmailSender, type EmailSendResult, type OutboundEmail } from '../domain/ports.js';
import { type MailIdentity, messageIdFor, toMailOptions } from './mail-options.js';

export interface SmtpEmailSenderOptions extends MailIdentity {
  host: string;
  port: number;
  /** Implicit TLS (port 465). */
  secure?: boolean;
  /** Refuse to send unless the server offers STARTTLS (recommended for anything but a local relay). */
  requireTls?: boolean;
  auth?: { user: string; pass: string };
  /** Only for a local test relay; never turn certificate checks off in production. */
  allowInvalidCertificates?: boolean;
  connectionTimeoutMs?: number;
}

interface SmtpLikeError {
  code?: string;
  responseCode?: number;
}

/**
 * Sends e-mail over SMTP with nodemailer. The message layout is shared with the development
 * mailbox (see mail-options.ts); the Message-ID is derived from the idempotency key.
 * Errors never carry addresses or text: only the SMTP code and whether retrying makes sense.
 */
export class SmtpEmailSender implements EmailSender {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpEmailSenderOptions) {
    this.transport = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure ?? false,
      requireTLS: options.requireTls ?? false,
      ignoreTLS: false,
      auth: options.auth,
      connectionTimeout: options.connectionTimeoutMs ?? 10000,
      greetingTimeout: options.connectionTimeoutMs ?? 10000,
      socketTimeout: 30000,
      tls: options.allowInvalidCertificates ? { rejectUnauthorized: false } : undefined,
      logger: false,
      debug: false,
    });
  }

  async send(message: OutboundEmail): Promise<EmailSendResult> {
    const messageId = messageIdFor(message.idempotencyKey, this.options.messageIdDomain);
    try {
      await this.transport.sendMail(toMailOptions(message, this.options));
    } catch (error) {
      throw toDeliveryError(error);
    }
    return { messageId, duplicate: false };
  }

  /** Checks the connection and credentials (e.g. at start-up or from a health check). */
  async verify(): Promise<void> {
    try {
      await this.transport.verify();
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  close(): void {
    this.transport.close();
  }
}

function toDeliveryError(error: unknown): DeliveryError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpLikeError;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  // 5xx is a refusal that a retry will not change (bad mailbox, message rejected), except for
  // authentication, which is a configuration problem an operator fixes before the next retry.
  const permanent = responseCode !== undefined && responseCode >= 500 && e.code !== 'EAUTH';
  const code = responseCode ?? e.code ?? 'UNKNOWN';
  return new DeliveryError(`SMTP delivery failed (${code})`, 'email', permanent, code);
}
