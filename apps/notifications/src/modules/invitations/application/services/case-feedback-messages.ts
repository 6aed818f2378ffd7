import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { DIRECTORY_READ_API, type DirectoryReadApi } from '#concerto/contracts';
import { EMAIL_SENDER, SMS_SENDER } from '../../../../notifications.tokens.js';
import { CaseFeedbackRepository, type FeedbackKind, type PlannedFeedback } from '../../domain/case-feedback.js';
import { composeCaseFeedback } from '../../domain/compose-case-feedback.js';
import type { Delivery } from '../../domain/delivery.js';
import { pageChannels } from '../../domain/page.js';
import type { EmailSender, SmsSender } from '../../domain/ports.js';
import type { PreparedPage } from './page-messages.js';

/**
 * The reporter's feedback: who is told on which channels (planned before the consumer's
 * transaction, from the reporter's directory profile), and the message itself when its delivery
 * job runs (the address and language read from the directory then, never stored here).
 */
@Injectable()
export class CaseFeedbackMessages {
  constructor(
    private readonly feedbacks: CaseFeedbackRepository,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(EMAIL_SENDER) private readonly email: EmailSender,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  /** One feedback per reporter, on the channels they chose for normal messages. */
  async plan(caseId: string, reporterIds: readonly string[], kind: FeedbackKind): Promise<PlannedFeedback[]> {
    return Promise.all(
      [...new Set(reporterIds)].map(async (reporterId) => {
        const profile = await this.directory.pagingProfile(reporterId);
        const channels = profile
          ? pageChannels(profile.channels.normal, {
              email: profile.email !== undefined,
              phone: profile.phone !== undefined,
            })
          : [];
        return { feedback: { caseId, reporterId, kind }, channels };
      }),
    );
  }

  async prepare(d: Delivery): Promise<PreparedPage> {
    const feedback = await this.feedbacks.find(d.invitationId);
    if (!feedback) {
      return { skip: 'feedback-gone' };
    }
    const profile = await this.directory.pagingProfile(feedback.reporterId);
    if (!profile) {
      return { skip: 'recipient-gone' };
    }
    const text = composeCaseFeedback(feedback, profile.languages, this.config.FALLBACK_LANGUAGE);
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
