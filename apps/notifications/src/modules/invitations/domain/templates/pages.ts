import type { ServedLanguage } from '../language.js';
import type { PageTrigger } from '../page.js';

/**
 * Page texts (issue 15): the coordinator is told a signal needs them. Only the case reference,
 * bassin, type, urgency, due time and links: never a name, an address or what was reported.
 */
export interface PageCatalogue {
  triggers: Record<PageTrigger, string>;
  urgency: Record<'urgent' | 'normal', string>;
  subject: string;
  body: readonly string[];
  sms: readonly string[];
  /** A passed deadline: nothing to acknowledge, so no acknowledge link; {{type}} is the deadline's kind. */
  deadlineBody: readonly string[];
  deadlineSms: readonly string[];
}

export const PAGE_TEXTS: Record<ServedLanguage, PageCatalogue> = {
  en: {
    triggers: {
      'case-opened': 'A new case is yours',
      'signal-joined': 'A new alert joined your case',
      'urgent-signal': 'An URGENT alert joined your case',
      'case-escalated': 'A case was escalated to you',
      'case-transferred': 'A case was transferred to your bassin and is yours',
      'deadline-passed': 'A deadline of your case has passed',
    },
    urgency: { urgent: 'urgent', normal: 'normal' },
    subject: '[Concerto] {{trigger}}: {{caseRef}} ({{urgency}})',
    body: [
      '{{trigger}}.',
      '',
      'Case: {{caseRef}}',
      'Bassin: {{bassin}}',
      'Type: {{type}}',
      'Urgency: {{urgency}}',
      'To acknowledge by: {{dueDate}} at {{dueTime}} (Brussels time)',
      '',
      'Open the case (sign-in required): {{caseUrl}}',
      'Acknowledge this alert: {{ackUrl}}',
    ],
    sms: ['Concerto: {{trigger}} {{caseRef}}, {{bassin}}, {{type}}, {{urgency}}.', 'Ack by {{dueTime}}: {{ackUrl}}'],
    deadlineBody: [
      '{{trigger}}.',
      '',
      'Case: {{caseRef}}',
      'Bassin: {{bassin}}',
      'Deadline: {{type}}',
      'Was due: {{dueDate}} at {{dueTime}} (Brussels time)',
      '',
      'Open the case (sign-in required): {{caseUrl}}',
    ],
    deadlineSms: [
      'Concerto: {{trigger}} {{caseRef}}, {{bassin}}, {{type}}, due {{dueDate}} {{dueTime}}.',
      '{{caseUrl}}',
    ],
  },
  fr: {
    triggers: {
      'case-opened': 'Un nouveau dossier vous est confié',
      'signal-joined': 'Une nouvelle alerte a rejoint votre dossier',
      'urgent-signal': 'Une alerte URGENTE a rejoint votre dossier',
      'case-escalated': 'Un dossier vous a été transmis (escalade)',
      'case-transferred': 'Un dossier a été transféré à votre bassin et vous est confié',
      'deadline-passed': 'Une échéance de votre dossier est passée',
    },
    urgency: { urgent: 'urgent', normal: 'normal' },
    subject: '[Concerto] {{trigger}} : {{caseRef}} ({{urgency}})',
    body: [
      '{{trigger}}.',
      '',
      'Dossier : {{caseRef}}',
      'Bassin : {{bassin}}',
      'Type : {{type}}',
      'Urgence : {{urgency}}',
      'À prendre en charge avant le {{dueDate}} à {{dueTime}} (heure de Bruxelles)',
      '',
      'Ouvrir le dossier (connexion requise) : {{caseUrl}}',
      'Prendre en charge cette alerte : {{ackUrl}}',
    ],
    sms: ['Concerto : {{trigger}} {{caseRef}}, {{bassin}}, {{type}}, {{urgency}}.', 'Avant {{dueTime}} : {{ackUrl}}'],
    deadlineBody: [
      '{{trigger}}.',
      '',
      'Dossier : {{caseRef}}',
      'Bassin : {{bassin}}',
      'Échéance : {{type}}',
      'Prévue le {{dueDate}} à {{dueTime}} (heure de Bruxelles)',
      '',
      'Ouvrir le dossier (connexion requise) : {{caseUrl}}',
    ],
    deadlineSms: [
      'Concerto : {{trigger}} {{caseRef}}, {{bassin}}, {{type}}, le {{dueDate}} à {{dueTime}}.',
      '{{caseUrl}}',
    ],
  },
  nl: {
    triggers: {
      'case-opened': 'Een nieuw dossier is aan u toegewezen',
      'signal-joined': 'Een nieuwe melding is aan uw dossier toegevoegd',
      'urgent-signal': 'Een DRINGENDE melding is aan uw dossier toegevoegd',
      'case-escalated': 'Een dossier werd naar u geëscaleerd',
      'case-transferred': 'Een dossier werd naar uw bassin overgedragen en is aan u toevertrouwd',
      'deadline-passed': 'Een termijn van uw dossier is verstreken',
    },
    urgency: { urgent: 'dringend', normal: 'normaal' },
    subject: '[Concerto] {{trigger}}: {{caseRef}} ({{urgency}})',
    body: [
      '{{trigger}}.',
      '',
      'Dossier: {{caseRef}}',
      'Bassin: {{bassin}}',
      'Type: {{type}}',
      'Urgentie: {{urgency}}',
      'Te bevestigen vóór {{dueDate}} om {{dueTime}} (Brusselse tijd)',
      '',
      'Het dossier openen (aanmelden vereist): {{caseUrl}}',
      'Deze melding bevestigen: {{ackUrl}}',
    ],
    sms: [
      'Concerto: {{trigger}} {{caseRef}}, {{bassin}}, {{type}}, {{urgency}}.',
      'Bevestig vóór {{dueTime}}: {{ackUrl}}',
    ],
    deadlineBody: [
      '{{trigger}}.',
      '',
      'Dossier: {{caseRef}}',
      'Bassin: {{bassin}}',
      'Termijn: {{type}}',
      'Verviel op {{dueDate}} om {{dueTime}} (Brusselse tijd)',
      '',
      'Het dossier openen (aanmelden vereist): {{caseUrl}}',
    ],
    deadlineSms: [
      'Concerto: {{trigger}} {{caseRef}}, {{bassin}}, {{type}}, op {{dueDate}} om {{dueTime}}.',
      '{{caseUrl}}',
    ],
  },
};
