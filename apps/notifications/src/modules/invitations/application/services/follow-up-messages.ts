import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import {
  type ActionItemCard,
  DIRECTORY_READ_API,
  type DirectoryReadApi,
  INVITATION_CARDS_API,
  type InvitationCardRecipient,
  type InvitationCardsApi,
  type RecordSummaryCard,
} from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { EMAIL_SENDER, LETTER_RENDERER, SMS_SENDER } from '../../../../notifications.tokens.js';
import { CaseConsentRepository, CONSENT_WITHDRAWN, consentCovers } from '../../domain/case-consent.js';
import { composeActionMessage } from '../../domain/compose-action-message.js';
import { composePersonLink, personLinkChannel } from '../../domain/compose-person-link.js';
import { composeRecordSummary, summaryRecipients } from '../../domain/compose-record-summary.js';
import type { Delivery } from '../../domain/delivery.js';
import {
  type ActionTrigger,
  type FollowUpMessage,
  FollowUpMessageRepository,
  ownerChannel,
  type PlannedFollowUp,
} from '../../domain/follow-up-message.js';
import { selectLanguage } from '../../domain/language.js';
import { LetterArchive } from '../../domain/letter-archive.js';
import { pageChannels } from '../../domain/page.js';
import type { EmailSender, LetterRenderer, SmsSender } from '../../domain/ports.js';
import { normalisePhone } from '../message-input.js';
import type { PreparedPage } from './page-messages.js';

/** The summary's content as the person reads it: an amendment is re-sent only when this changed. */
export function summaryDigest(card: Pick<RecordSummaryCard, 'decisions' | 'actions'>): string {
  return createHash('sha256')
    .update(JSON.stringify([card.decisions, card.actions.map((a) => [a.who, a.what, a.dueOn])]))
    .digest('hex');
}

const candidateOf = (c: RecordSummaryCard['candidates'][number]) => ({
  participantId: c.participant.id,
  kind: c.participant.kind,
  dataCategories: c.dataCategories,
  hasEmail: !!c.participant.contact.email,
  hasPhone: !!c.participant.contact.phone,
  hasPostalAddress: !!c.participant.contact.postalAddress,
});

/**
 * Action items' messages (owner, referent, coordinator) and the record's easy-read summary: who
 * is told on which channel (planned from scheduling's cards before the consumer's transaction),
 * and the message itself when its delivery job runs (the card read again then: nothing personal
 * is stored here, and a consent withdrawn in between stops the summary).
 */
@Injectable()
export class FollowUpMessages {
  constructor(
    private readonly messages: FollowUpMessageRepository,
    private readonly consents: CaseConsentRepository,
    private readonly letters: LetterArchive,
    @Inject(INVITATION_CARDS_API) private readonly cards: InvitationCardsApi,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(EMAIL_SENDER) private readonly email: EmailSender,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
    @Inject(LETTER_RENDERER) private readonly renderer: LetterRenderer,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The owner told (opened, handed over, reminded); on the due day the referent too. An
   * organisation that owns the item is told on its own contact from the directory, in its
   * language. An owner who cannot be reached (an organisation with neither e-mail nor phone, or
   * a member with neither) makes the coordinator hear so instead.
   */
  async planForOwner(
    itemId: string,
    trigger: ActionTrigger,
    occurrence = '',
    alsoReferent = false,
  ): Promise<PlannedFollowUp[]> {
    const card = await this.cards.actionItemCard(itemId);
    if (!card) {
      return [];
    }
    const planned: PlannedFollowUp[] = [];
    const owner = card.ownerRecipient;
    const channel = owner ? ownerChannel(owner.contact) : undefined;
    const organisation = card.owner.organisationId
      ? await this.directory.organisationContact(card.owner.organisationId)
      : undefined;
    const organisationChannel = organisation ? ownerChannel(organisation) : undefined;
    if (owner && channel) {
      planned.push(this.participant(card, trigger, occurrence, owner.id, channel));
    } else if (organisation && organisationChannel) {
      planned.push({
        message: {
          caseId: card.caseId,
          subjectId: card.itemId,
          trigger,
          occurrence,
          recipientType: 'organisation',
          recipientRef: organisation.organisationId,
        },
        channel: organisationChannel,
      });
    } else {
      planned.push(...(await this.planForCoordinator(card, 'action-no-owner', `${trigger}:${occurrence}`)));
    }
    const referent = card.referent;
    const referentChannel = referent ? ownerChannel(referent.contact) : undefined;
    if (alsoReferent && referent && referentChannel && referent.id !== owner?.id) {
      planned.push(this.participant(card, trigger, occurrence, referent.id, referentChannel));
    }
    return planned;
  }

  /**
   * The owner marked the item blocked or done: the case's coordinator and the referent are told
   * (the referent not when they are the owner, who knows). The reporters (a pharmacist who raised
   * the alert) hear of the case's status only, never of an item.
   */
  async planForCaseLeads(
    itemId: string,
    trigger: 'action-blocked' | 'action-done',
    occurrence: string,
  ): Promise<PlannedFollowUp[]> {
    const card = await this.cards.actionItemCard(itemId);
    if (!card) {
      return [];
    }
    const planned = await this.planForCoordinator(card, trigger, occurrence);
    const referent = card.referent;
    const referentChannel = referent ? ownerChannel(referent.contact) : undefined;
    if (referent && referentChannel && referent.id !== card.ownerRecipient?.id) {
      planned.push(this.participant(card, trigger, occurrence, referent.id, referentChannel));
    }
    return planned;
  }

  /** The case's coordinator, on the channels they chose for normal messages in the directory. */
  async planEscalation(itemId: string): Promise<PlannedFollowUp[]> {
    const card = await this.cards.actionItemCard(itemId);
    return card ? this.planForCoordinator(card, 'action-escalated', '') : [];
  }

  /**
   * The first held record's summary, and an amendment's only when its decisions or items changed;
   * to the person and the close ones the consent shares the case's status with (R19).
   */
  async planSummary(recordId: string): Promise<PlannedFollowUp[]> {
    const card = await this.cards.recordSummaryCard(recordId);
    if (!card?.held) {
      return [];
    }
    const digest = summaryDigest(card);
    if ((await this.messages.lastSummaryDigest(recordId)) === digest) {
      return [];
    }
    return summaryRecipients(card.consentGranted, card.candidates.map(candidateOf)).map((r) => ({
      message: {
        caseId: card.caseId,
        subjectId: card.recordId,
        trigger: 'record-summary' as const,
        occurrence: `v${card.version}`,
        recipientType: 'participant' as const,
        recipientRef: r.participantId,
        digest,
      },
      channel: r.channel,
    }));
  }

  /**
   * The person's own link, to its holder on their channel: e-mail, else a text message, else a
   * letter the coordinator prints (a person without e-mail or phone). Nothing once the link no
   * longer holds or its holder left the table.
   */
  async planPersonLink(personLinkId: string): Promise<PlannedFollowUp[]> {
    const card = await this.cards.personLinkCard(personLinkId);
    if (!card?.recipient || card.withdrawn) {
      return [];
    }
    return [
      {
        message: {
          caseId: card.caseId,
          subjectId: card.personLinkId,
          trigger: 'person-link',
          occurrence: '',
          recipientType: 'participant',
          recipientRef: card.recipient.id,
        },
        channel: personLinkChannel(card.recipient.contact),
      },
    ];
  }

  private participant(
    card: ActionItemCard,
    trigger: ActionTrigger,
    occurrence: string,
    participantId: string,
    channel: PlannedFollowUp['channel'],
  ): PlannedFollowUp {
    return {
      message: {
        caseId: card.caseId,
        subjectId: card.itemId,
        trigger,
        occurrence,
        recipientType: 'participant',
        recipientRef: participantId,
      },
      channel,
    };
  }

  private async planForCoordinator(
    card: ActionItemCard,
    trigger: ActionTrigger,
    occurrence: string,
  ): Promise<PlannedFollowUp[]> {
    const profile = await this.directory.pagingProfile(card.coordinatorId);
    const channels = profile
      ? pageChannels(profile.channels.normal, {
          email: profile.email !== undefined,
          phone: profile.phone !== undefined,
        })
      : [];
    return channels.map((channel) => ({
      message: {
        caseId: card.caseId,
        subjectId: card.itemId,
        trigger,
        occurrence,
        recipientType: 'coordinator' as const,
        recipientRef: card.coordinatorId,
      },
      channel,
    }));
  }

  async prepare(d: Delivery): Promise<PreparedPage> {
    const message = await this.messages.find(d.invitationId);
    if (!message) {
      return { skip: 'message-gone' };
    }
    return message.trigger === 'record-summary'
      ? this.prepareSummary(d, message)
      : message.trigger === 'person-link'
        ? this.preparePersonLink(d, message)
        : this.prepareAction(d, message);
  }

  private async prepareAction(d: Delivery, message: FollowUpMessage): Promise<PreparedPage> {
    const card = await this.cards.actionItemCard(message.subjectId);
    if (!card) {
      return { skip: 'item-gone' };
    }
    // A reminder for an item settled in between is moot; the coordinator's messages, and the
    // news that it is blocked or done, stand.
    const settled = !['open', 'blocked', 'awaiting-confirmation'].includes(card.status);
    const news = message.trigger === 'action-blocked' || message.trigger === 'action-done';
    if (settled && !news && message.recipientType !== 'coordinator') {
      return { skip: 'item-settled' };
    }
    const trigger = message.trigger as ActionTrigger;
    let to: { email?: string; phone?: string; languages: string[] };
    let toReferent = false;
    if (message.recipientType === 'coordinator') {
      const profile = await this.directory.pagingProfile(message.recipientRef);
      if (!profile) {
        return { skip: 'recipient-gone' };
      }
      to = { email: profile.email, phone: profile.phone, languages: profile.languages };
    } else if (message.recipientType === 'organisation') {
      // Handed over since: the organisation no longer owns it, its reminders stop.
      const contact =
        card.owner.organisationId === message.recipientRef
          ? await this.directory.organisationContact(message.recipientRef)
          : undefined;
      if (!contact) {
        return { skip: 'recipient-gone' };
      }
      to = { email: contact.email, phone: normalisePhone(contact.phone), languages: [contact.language] };
    } else {
      const member: InvitationCardRecipient | undefined =
        card.ownerRecipient?.id === message.recipientRef
          ? card.ownerRecipient
          : card.referent?.id === message.recipientRef
            ? card.referent
            : undefined;
      if (!member) {
        return { skip: 'recipient-gone' };
      }
      toReferent = card.ownerRecipient?.id !== message.recipientRef;
      to = { email: member.contact.email, phone: normalisePhone(member.contact.phone), languages: [member.language] };
    }
    const language = to.languages
      .map((l) => selectLanguage(l, this.config.FALLBACK_LANGUAGE))
      .find((c) => !c.interpreterNeeded)?.language;
    const text = composeActionMessage(trigger, toReferent, card, language ?? this.config.FALLBACK_LANGUAGE);
    return this.sendTo(d, to, text);
  }

  private async prepareSummary(d: Delivery, message: FollowUpMessage): Promise<PreparedPage> {
    const card = await this.cards.recordSummaryCard(message.subjectId);
    if (!card) {
      return { skip: 'record-gone' };
    }
    // Consent checked again when the summary leaves (ADR 0018): scheduling's, and the one last heard here.
    const recipient = summaryRecipients(card.consentGranted, card.candidates.map(candidateOf)).find(
      (r) => r.participantId === message.recipientRef,
    );
    const member = card.candidates.find((c) => c.participant.id === message.recipientRef)?.participant;
    const consent = await this.consents.find(card.caseId);
    if (!recipient || !member || !consentCovers(consent, { participantId: member.id, participantKind: member.kind })) {
      return { skip: CONSENT_WITHDRAWN };
    }
    const language = selectLanguage(member.language, this.config.FALLBACK_LANGUAGE).language;
    const text = composeRecordSummary(
      {
        recipientName: member.displayName,
        meetingDate: new Date(card.meetingStart),
        decisions: card.decisions,
        actions: card.actions,
        referentName: card.referentName ?? '',
        ...(card.referentPhone ? { referentPhone: card.referentPhone } : {}),
        ...(card.reviewOn ? { reviewOn: card.reviewOn } : {}),
      },
      language,
    );
    if (d.channel === 'letter') {
      return this.letter(d, member, language, text);
    }
    return this.sendTo(
      d,
      { email: member.contact.email, phone: normalisePhone(member.contact.phone) },
      { language, subject: text.subject, text: text.text, sms: text.sms },
    );
  }

  /** The card read again when the message leaves: the link (never stored here) and its holder's contact data. */
  private async preparePersonLink(d: Delivery, message: FollowUpMessage): Promise<PreparedPage> {
    const card = await this.cards.personLinkCard(message.subjectId);
    if (!card || card.withdrawn) {
      return { skip: 'link-no-longer-valid' };
    }
    const member = card.recipient;
    if (!member || member.id !== message.recipientRef) {
      return { skip: 'recipient-gone' };
    }
    const language = selectLanguage(member.language, this.config.FALLBACK_LANGUAGE).language;
    const text = composePersonLink(
      {
        recipientName: member.displayName,
        forPerson: member.kind === 'person',
        url: card.url,
        expiresAt: new Date(card.expiresAt),
        ...(this.config.COORDINATION_PHONE ? { phone: this.config.COORDINATION_PHONE } : {}),
      },
      language,
    );
    if (d.channel === 'letter') {
      return this.letter(d, member, language, text);
    }
    return this.sendTo(d, { email: member.contact.email, phone: normalisePhone(member.contact.phone) }, text);
  }

  /** A letter in easy-read for the coordinator to print and post (their print tasks list it). */
  private letter(
    d: Delivery,
    member: InvitationCardRecipient,
    language: 'fr' | 'nl' | 'en',
    text: { subject: string; text: string },
  ): PreparedPage {
    const postal = member.contact.postalAddress
      ?.split(/\r?\n|,/)
      .map((l) => l.trim())
      .filter(Boolean);
    return {
      send: async () => {
        const rendered = this.renderer.render({
          idempotencyKey: d.idempotencyKey,
          language,
          register: 'easy-read',
          recipientName: member.displayName,
          ...(postal && postal.length > 0 ? { postalAddress: { lines: postal } } : {}),
          sender: {
            name: this.config.MAIL_FROM_NAME,
            ...(this.config.COORDINATION_PHONE ? { phone: this.config.COORDINATION_PHONE } : {}),
          },
          date: this.clock.now(),
          subject: text.subject,
          lines: text.text.split('\n'),
        });
        const stored = await this.letters.save(rendered);
        return {
          providerMessageId: `letter-${stored.id}`,
          language,
          letter: { id: stored.id, path: stored.path },
        };
      },
    };
  }

  private sendTo(
    d: Delivery,
    to: { email?: string; phone?: string },
    text: { language: 'fr' | 'nl' | 'en'; subject: string; text: string; sms: string },
  ): PreparedPage {
    if (d.channel === 'email') {
      const address = to.email;
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
    const phone = to.phone;
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
