import type { ServedLanguage } from '../language.js';

/**
 * Page texts (issue 15): the coordinator is told a signal needs them. Only the case reference,
 * bassin, type, urgency, due time and links: never a name, an address or what was reported.
 */
export interface PageCatalogue {
  triggers: Record<'case-opened' | 'signal-joined' | 'urgent-signal' | 'case-escalated', string>;
  urgency: Record<'urgent' | 'normal', string>;
  subject: string;
  body: readonly string[];
  sms: readonly string[];
}

export const PAGE_TEXTS: Record<ServedLanguage, PageCatalogue> = {
  en: {
    triggers: {
      'case-opened': 'A new case is yours',
      'signal-joined': 'A new alert joined your case',
      'urgent-signal': 'An URGENT alert joined your case',
      'case-escalated': 'A case was escalated to you',
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
  },
  fr: {
    triggers: {
      'case-opened': 'Un nouveau dossier vous est confié',
      'signal-joined': 'Une nouvelle alerte a rejoint votre dossier',
      'urgent-signal': 'Une alerte URGENTE a rejoint votre dossier',
      'case-escalated': 'Un dossier vous a été transmis (escalade)',
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
  },
  nl: {
    triggers: {
      'case-opened': 'Een nieuw dossier is aan u toegewezen',
      'signal-joined': 'Een nieuwe melding is aan uw dossier toegevoegd',
      'urgent-signal': 'Een DRINGENDE melding is aan uw dossier toegevoegd',
      'case-escalated': 'Een dossier werd naar u geëscaleerd',
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
  },
};
