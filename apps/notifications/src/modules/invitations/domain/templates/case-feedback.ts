import type { ServedLanguage } from '../language.js';
import type { FeedbackKind } from '../case-feedback.js';

/**
 * What a reporter is told about the case their alert landed on: its reference and its status.
 * Never a name, the owner, the outcome, or what was reported.
 */
export interface FeedbackCatalogue {
  subject: Record<FeedbackKind, string>;
  body: Record<FeedbackKind, readonly string[]>;
  sms: Record<FeedbackKind, string>;
}

export const FEEDBACK_TEXTS: Record<ServedLanguage, FeedbackCatalogue> = {
  en: {
    subject: {
      owned: '[Concerto] Your alert is being handled ({{caseRef}})',
      closed: '[Concerto] The case of your alert is closed ({{caseRef}})',
    },
    body: {
      owned: [
        'A coordinator of the bassin has taken charge of the situation you reported.',
        '',
        'Case: {{caseRef}}',
        'Status: being handled',
      ],
      closed: [
        'The case opened after your alert has been closed by its coordinator.',
        '',
        'Case: {{caseRef}}',
        'Status: closed',
      ],
    },
    sms: {
      owned: 'Concerto: your alert {{caseRef}} is being handled by a coordinator.',
      closed: 'Concerto: the case {{caseRef}} of your alert is closed.',
    },
  },
  fr: {
    subject: {
      owned: '[Concerto] Votre alerte est prise en charge ({{caseRef}})',
      closed: '[Concerto] Le dossier de votre alerte est clôturé ({{caseRef}})',
    },
    body: {
      owned: [
        'Un coordinateur du bassin a pris en charge la situation que vous avez signalée.',
        '',
        'Dossier : {{caseRef}}',
        'Statut : pris en charge',
      ],
      closed: [
        'Le dossier ouvert suite à votre alerte a été clôturé par son coordinateur.',
        '',
        'Dossier : {{caseRef}}',
        'Statut : clôturé',
      ],
    },
    sms: {
      owned: 'Concerto : votre alerte {{caseRef}} est prise en charge par un coordinateur.',
      closed: 'Concerto : le dossier {{caseRef}} de votre alerte est clôturé.',
    },
  },
  nl: {
    subject: {
      owned: '[Concerto] Uw melding wordt opgevolgd ({{caseRef}})',
      closed: '[Concerto] Het dossier van uw melding is afgesloten ({{caseRef}})',
    },
    body: {
      owned: [
        'Een coördinator van het bassin heeft de situatie die u meldde ten laste genomen.',
        '',
        'Dossier: {{caseRef}}',
        'Status: wordt opgevolgd',
      ],
      closed: [
        'Het dossier dat na uw melding werd geopend, is door de coördinator afgesloten.',
        '',
        'Dossier: {{caseRef}}',
        'Status: afgesloten',
      ],
    },
    sms: {
      owned: 'Concerto: uw melding {{caseRef}} wordt opgevolgd door een coördinator.',
      closed: 'Concerto: het dossier {{caseRef}} van uw melding is afgesloten.',
    },
  },
};
