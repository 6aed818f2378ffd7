import type { ServedLanguage } from '../language.js';

/**
 * What the person and their close ones receive after a concertation (R31, R08): easy to read, in
 * their language. Short sentences (at most 16 words), no acronym without its meaning. Lines with a
 * placeholder missing a value are dropped; `{{decision}}` and `{{action}}` lines repeat per item.
 */
export interface RecordSummaryCatalogue {
  subject: string;
  intro: readonly string[];
  decisionsTitle: string;
  decision: string;
  actionsTitle: string;
  action: string;
  closing: readonly string[];
  sms: string;
}

export const RECORD_SUMMARY_TEXTS: Record<ServedLanguage, RecordSummaryCatalogue> = {
  en: {
    subject: 'What we agreed together',
    intro: ['Dear {{recipientName}},', '', 'On {{date}}, we talked together about your help.'],
    decisionsTitle: 'This is what we decided:',
    decision: '- {{decision}}',
    actionsTitle: 'Who does what, and when:',
    action: '- {{who}}: {{action}}. At the latest on {{dueDate}}.',
    closing: [
      'Your contact person is {{referentName}}.',
      'You can call this person on {{referentPhone}}.',
      'We will talk together again on {{reviewDate}}.',
      'Do you have a question? Then call {{referentName}}.',
    ],
    sms: 'We sent you a letter about what we agreed on {{date}}. Questions? Call {{referentPhone}}.',
  },
  fr: {
    subject: 'Ce que nous avons décidé ensemble',
    intro: ['Bonjour {{recipientName}},', '', 'Le {{date}}, nous avons parlé ensemble de votre aide.'],
    decisionsTitle: 'Voici ce que nous avons décidé :',
    decision: '- {{decision}}',
    actionsTitle: 'Qui fait quoi, et pour quand :',
    action: '- {{who}} : {{action}}. Au plus tard le {{dueDate}}.',
    closing: [
      'Votre personne de contact est {{referentName}}.',
      'Vous pouvez appeler cette personne au {{referentPhone}}.',
      'Nous parlerons de nouveau ensemble le {{reviewDate}}.',
      'Vous avez une question ? Appelez {{referentName}}.',
    ],
    sms: 'Nous vous avons écrit ce que nous avons décidé le {{date}}. Une question ? Appelez le {{referentPhone}}.',
  },
  nl: {
    subject: 'Wat we samen hebben afgesproken',
    intro: ['Beste {{recipientName}},', '', 'Op {{date}} hebben we samen over uw hulp gepraat.'],
    decisionsTitle: 'Dit hebben we beslist:',
    decision: '- {{decision}}',
    actionsTitle: 'Wie doet wat, en wanneer:',
    action: '- {{who}}: {{action}}. Ten laatste op {{dueDate}}.',
    closing: [
      'Uw vaste contactpersoon is {{referentName}}.',
      'U kunt deze persoon bellen op {{referentPhone}}.',
      'We praten opnieuw samen op {{reviewDate}}.',
      'Hebt u een vraag? Bel dan {{referentName}}.',
    ],
    sms: 'We schreven u wat we op {{date}} hebben afgesproken. Een vraag? Bel {{referentPhone}}.',
  },
};
