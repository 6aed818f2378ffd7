import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import {
  type CalendarReplyOutcome,
  RecordCalendarReplyCommand,
} from '../../application/commands/record-calendar-reply/record-calendar-reply.command.js';
import { ReplyAddresses } from '../../application/reply-addresses.js';
import { readCalendarReplies } from './itip-reply.js';

type SmtpError = Error & { responseCode: number };
const smtpError = (code: number, message: string): SmtpError =>
  Object.assign(new Error(message), { responseCode: code });

/** Recipients per message: a calendar app replies to one organizer. */
const MAX_RECIPIENTS = 4;

/**
 * The inbound SMTP listener of calendar answers (ADR 0023): it receives the iTIP REPLY that
 * Outlook, Gmail, Apple Calendar or Thunderbird send to an invitation's reply address when the
 * invitee presses Accept or Decline, and records the answer as the answer page would.
 *
 * It is a receiving MTA for one kind of address only: RCPT TO must be a well-formed reply address
 * of the configured domain (anything else is refused at once, so it never relays or stores
 * mail), no AUTH, a size limit, STARTTLS only when a certificate is configured. What it logs
 * names outcomes, never addresses or names.
 */
@Injectable()
export class InboundReplyListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('InboundReplyListener');
  private server?: SMTPServer;
  private boundPort?: number;

  constructor(
    private readonly commands: CommandBus,
    private readonly addresses: ReplyAddresses,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  /** The port it listens on (tests), once started. */
  get port(): number | undefined {
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.addresses.enabled) {
      return;
    }
    const { INBOUND_SMTP_TLS_KEY_FILE: keyFile, INBOUND_SMTP_TLS_CERT_FILE: certFile } = this.config;
    const tls = keyFile && certFile ? { key: readFileSync(keyFile), cert: readFileSync(certFile) } : undefined;
    const options: SMTPServerOptions = {
      secure: false,
      name: this.addresses.domain,
      banner: 'Concerto calendar replies',
      size: this.config.INBOUND_SMTP_MAX_BYTES,
      authOptional: true,
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(tls ? { key: tls.key, cert: tls.cert } : {}),
      logger: false,
      maxClients: 50,
      socketTimeout: 60_000,
      closeTimeout: 5_000,
      onRcptTo: (address, session, callback) => {
        if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) {
          callback(smtpError(452, 'Too many recipients'));
        } else if (this.addresses.invitationOf(address.address) === undefined) {
          callback(smtpError(550, 'No such recipient here'));
        } else {
          callback();
        }
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error: Error) => callback(error));
        stream.on('end', () => {
          if (stream.sizeExceeded) {
            callback(smtpError(552, 'Message too large'));
            return;
          }
          this.receive(
            Buffer.concat(chunks),
            session.envelope.rcptTo.map((r) => r.address),
          ).then(
            (accepted) => (accepted ? callback() : callback(smtpError(550, 'No calendar reply for this address'))),
            (error: unknown) => {
              this.logger.error(`Calendar reply not processed: ${error instanceof Error ? error.name : 'error'}`);
              callback(smtpError(451, 'Temporary failure, try again later'));
            },
          );
        });
      },
    };
    const server = new SMTPServer(options);
    server.on('error', (error: Error) => this.logger.warn(`Inbound SMTP connection error: ${error.name}`));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.INBOUND_SMTP_PORT, this.config.INBOUND_SMTP_HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.server.address() as AddressInfo).port;
    this.logger.log(`Listening for calendar replies on ${this.config.INBOUND_SMTP_HOST}:${this.boundPort}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /**
   * Reads the REPLY and records it for each reply address it was sent to. True when the message is
   * taken (recorded, or ignored safely after a check); false when it holds no calendar reply at all,
   * so the sender's server tells the person (they wrote to an address that only reads calendar answers).
   */
  private async receive(raw: Buffer, recipients: string[]): Promise<boolean> {
    const replies = await readCalendarReplies(raw);
    if (replies.length === 0) {
      this.logger.log('Calendar reply refused: no iTIP REPLY in the message');
      return false;
    }
    for (const recipient of recipients) {
      let outcome: CalendarReplyOutcome = 'attendee-mismatch';
      for (const reply of replies) {
        ({ outcome } = await this.commands.execute(new RecordCalendarReplyCommand(recipient, reply)));
        if (outcome !== 'attendee-mismatch') {
          break;
        }
      }
      this.logger.log(`Calendar reply: ${outcome}`);
    }
    return true;
  }
}
