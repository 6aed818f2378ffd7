import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { DIRECTORY_READ_API, type DirectoryReadApi } from '#concerto/contracts';
import { EMAIL_SENDER, SMS_SENDER } from '../../../../notifications.tokens.js';
import { composePage } from '../../domain/compose-page.js';
import type { Delivery } from '../../domain/delivery.js';
import { asksAcknowledgement, PagedCaseRepository, PageRepository } from '../../domain/page.js';
import type { EmailSender, SmsSender } from '../../domain/ports.js';
import type { SendResult } from '../commands/deliver-message/message-sender.js';
import { PageLinks } from './page-links.js';

export type PreparedPage = { skip: string } | { skip?: undefined; send: () => Promise<SendResult> };

/**
 * Writes one page when its delivery job runs: the page row (ids), the recipient's pager address
 * and language read from the directory now (never stored here), the links signed now.
 * Called outside any transaction.
 */
@Injectable()
export class PageMessages {
  constructor(
    private readonly pages: PageRepository,
    private readonly cases: PagedCaseRepository,
    private readonly links: PageLinks,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(EMAIL_SENDER) private readonly email: EmailSender,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  async prepare(d: Delivery): Promise<PreparedPage> {
    const page = await this.pages.find(d.invitationId);
    if (!page) {
      return { skip: 'page-gone' };
    }
    const paged = await this.cases.find(page.caseId);
    // A merged case's signals moved to the survivor, whose owner is paged for them: nothing leaves for this one.
    if (paged?.mergedInto) {
      return { skip: 'merged' };
    }
    // Opening and escalation pages ask for the case's acknowledgement: once given, they are moot.
    if (paged?.acknowledged && (page.trigger === 'case-opened' || page.trigger === 'case-escalated')) {
      return { skip: 'acknowledged' };
    }
    const profile = await this.directory.pagingProfile(page.recipientId);
    if (!profile) {
      return { skip: 'recipient-gone' };
    }
    const text = composePage(
      page,
      {
        caseUrl: this.links.caseUrl(page.caseId),
        // Only a page about a signal carries an acknowledge link: a deadline page has nothing to acknowledge.
        ...(asksAcknowledgement(page.trigger) ? { ackUrl: this.links.ackUrl(page) } : {}),
      },
      profile.languages,
      this.config.FALLBACK_LANGUAGE,
    );
    if (d.channel === 'email') {
      const address = profile.email;
      if (!address) {
        return { skip: 'no-email-address' };
      }
      return {
        send: async () => {
          const sent = await this.email.send({
            idempotencyKey: d.idempotencyKey,
            to: { address },
            subject: text.subject,
            text: text.text,
            language: text.language,
          });
          return { providerMessageId: sent.messageId, language: text.language, delivered: sent.delivered };
        },
      };
    }
    const phone = profile.phone;
    if (d.channel !== 'sms' || !phone) {
      return { skip: 'no-phone-number' };
    }
    return {
      send: async () => {
        const sent = await this.sms.send({ idempotencyKey: d.idempotencyKey, to: phone, text: text.sms });
        return { providerMessageId: sent.providerMessageId, language: text.language, delivered: sent.delivered };
      },
    };
  }
}
