import type { BlockerReasonV1 } from '#concerto/contracts';
import type { ServedLanguage } from '../language.js';
import type { ActionTrigger } from '../follow-up-message.js';

/**
 * What an action item's owner, its referent and the case's coordinator are told (R11). To
 * professionals: the item's title, its due day and a link to the app; no name of the person, no
 * case detail (a text message may be read over a shoulder). `{{title}}`, `{{dueDate}}`, `{{link}}`,
 * and `{{reason}}`: a blocker from the controlled list (R23) in words, never free text.
 */
export interface ActionMessageText {
  subject: string;
  text: string;
  sms: string;
}

type Catalogue = Record<ActionTrigger | 'action-due-referent', ActionMessageText>;

export const ACTION_ITEM_TEXTS: Record<ServedLanguage, Catalogue> = {
  en: {
    'action-blocked': {
      subject: 'An action is blocked',
      text: 'Its owner marked this action blocked: {{title}}.\nThe reason: {{reason}}.\nIt is due on {{dueDate}}.\nSee it in the app: {{link}}',
      sms: 'Action blocked ({{reason}}): {{title}}. {{link}}',
    },
    'action-done': {
      subject: 'An action is done',
      text: 'Its owner marked this action done: {{title}}.\nIt was due on {{dueDate}}.\nSee it in the app: {{link}}',
      sms: 'Action done: {{title}}. {{link}}',
    },
    'action-opened': {
      subject: 'A new action for you',
      text: 'You are the owner of a new action: {{title}}.\nIt is due on {{dueDate}}.\nSee it in the app: {{link}}',
      sms: 'New action for you, due on {{dueDate}}: {{title}}. {{link}}',
    },
    'action-handed-over': {
      subject: 'An action was handed over to you',
      text: 'An action was handed over to you: {{title}}.\nIt is due on {{dueDate}}.\nSee it in the app: {{link}}',
      sms: 'An action was handed over to you, due on {{dueDate}}: {{title}}. {{link}}',
    },
    'action-before-due': {
      subject: 'Reminder: an action is due soon',
      text: 'Your action is due on {{dueDate}}: {{title}}.\nMark it done, blocked or hand it over in the app: {{link}}',
      sms: 'Reminder: your action is due on {{dueDate}}: {{title}}. {{link}}',
    },
    'action-due': {
      subject: 'Reminder: an action is due today',
      text: 'Your action is due today, {{dueDate}}: {{title}}.\nMark it done, blocked or hand it over in the app: {{link}}',
      sms: 'Your action is due today: {{title}}. {{link}}',
    },
    'action-due-referent': {
      subject: 'An action of your case is due today',
      text: 'As the contact person, you follow this action. It is due today, {{dueDate}}: {{title}}.\nSee it in the app: {{link}}',
      sms: 'An action you follow as contact person is due today: {{title}}. {{link}}',
    },
    'action-escalated': {
      subject: 'An action is overdue',
      text: 'An action of your case is overdue. It was due on {{dueDate}}: {{title}}.\nPlease take it up: {{link}}',
      sms: 'Overdue action of your case, due on {{dueDate}}: {{title}}. {{link}}',
    },
    'action-no-owner': {
      subject: 'An action has no owner we can reach',
      text: 'We cannot reach the owner of this action: {{title}}.\nIt is due on {{dueDate}}.\nPlease tell the owner yourself: {{link}}',
      sms: 'We cannot reach the owner of an action due on {{dueDate}}: {{title}}. {{link}}',
    },
  },
  fr: {
    'action-blocked': {
      subject: 'Une action est bloquée',
      text: 'Son responsable a marqué cette action bloquée : {{title}}.\nLa raison : {{reason}}.\nÉchéance : {{dueDate}}.\nVoir dans l’application : {{link}}',
      sms: 'Action bloquée ({{reason}}) : {{title}}. {{link}}',
    },
    'action-done': {
      subject: 'Une action est faite',
      text: 'Son responsable a marqué cette action faite : {{title}}.\nÉchéance : {{dueDate}}.\nVoir dans l’application : {{link}}',
      sms: 'Action faite : {{title}}. {{link}}',
    },
    'action-opened': {
      subject: 'Une nouvelle action pour vous',
      text: 'Vous êtes responsable d’une nouvelle action : {{title}}.\nÉchéance : {{dueDate}}.\nVoir dans l’application : {{link}}',
      sms: 'Nouvelle action pour vous, pour le {{dueDate}} : {{title}}. {{link}}',
    },
    'action-handed-over': {
      subject: 'Une action vous a été transmise',
      text: 'Une action vous a été transmise : {{title}}.\nÉchéance : {{dueDate}}.\nVoir dans l’application : {{link}}',
      sms: 'Une action vous a été transmise, pour le {{dueDate}} : {{title}}. {{link}}',
    },
    'action-before-due': {
      subject: 'Rappel : une action arrive à échéance',
      text: 'Votre action arrive à échéance le {{dueDate}} : {{title}}.\nMarquez-la faite, bloquée ou transmettez-la : {{link}}',
      sms: 'Rappel : votre action est pour le {{dueDate}} : {{title}}. {{link}}',
    },
    'action-due': {
      subject: 'Rappel : une action arrive à échéance aujourd’hui',
      text: 'Votre action arrive à échéance aujourd’hui, {{dueDate}} : {{title}}.\nMarquez-la faite, bloquée ou transmettez-la : {{link}}',
      sms: 'Votre action est pour aujourd’hui : {{title}}. {{link}}',
    },
    'action-due-referent': {
      subject: 'Une action de votre dossier arrive à échéance',
      text: 'Comme personne de contact, vous suivez cette action. Échéance aujourd’hui, {{dueDate}} : {{title}}.\nVoir dans l’application : {{link}}',
      sms: 'Une action que vous suivez comme personne de contact est pour aujourd’hui : {{title}}. {{link}}',
    },
    'action-escalated': {
      subject: 'Une action est en retard',
      text: 'Une action de votre dossier est en retard. Elle était pour le {{dueDate}} : {{title}}.\nMerci de la reprendre : {{link}}',
      sms: 'Action en retard dans votre dossier, pour le {{dueDate}} : {{title}}. {{link}}',
    },
    'action-no-owner': {
      subject: 'Le responsable d’une action est injoignable',
      text: 'Nous ne pouvons pas joindre le responsable de cette action : {{title}}.\nÉchéance : {{dueDate}}.\nMerci de le prévenir vous-même : {{link}}',
      sms: 'Responsable injoignable pour une action du {{dueDate}} : {{title}}. {{link}}',
    },
  },
  nl: {
    'action-blocked': {
      subject: 'Een actie is geblokkeerd',
      text: 'De verantwoordelijke meldt deze actie geblokkeerd: {{title}}.\nDe reden: {{reason}}.\nTen laatste op {{dueDate}}.\nBekijk ze in de app: {{link}}',
      sms: 'Actie geblokkeerd ({{reason}}): {{title}}. {{link}}',
    },
    'action-done': {
      subject: 'Een actie is klaar',
      text: 'De verantwoordelijke meldt deze actie klaar: {{title}}.\nTen laatste op {{dueDate}}.\nBekijk ze in de app: {{link}}',
      sms: 'Actie klaar: {{title}}. {{link}}',
    },
    'action-opened': {
      subject: 'Een nieuwe actie voor u',
      text: 'U bent verantwoordelijk voor een nieuwe actie: {{title}}.\nTen laatste op {{dueDate}}.\nBekijk ze in de app: {{link}}',
      sms: 'Nieuwe actie voor u, ten laatste op {{dueDate}}: {{title}}. {{link}}',
    },
    'action-handed-over': {
      subject: 'Een actie werd aan u overgedragen',
      text: 'Een actie werd aan u overgedragen: {{title}}.\nTen laatste op {{dueDate}}.\nBekijk ze in de app: {{link}}',
      sms: 'Een actie werd aan u overgedragen, ten laatste op {{dueDate}}: {{title}}. {{link}}',
    },
    'action-before-due': {
      subject: 'Herinnering: een actie vervalt binnenkort',
      text: 'Uw actie vervalt op {{dueDate}}: {{title}}.\nMeld ze klaar, geblokkeerd of draag ze over in de app: {{link}}',
      sms: 'Herinnering: uw actie vervalt op {{dueDate}}: {{title}}. {{link}}',
    },
    'action-due': {
      subject: 'Herinnering: een actie vervalt vandaag',
      text: 'Uw actie vervalt vandaag, {{dueDate}}: {{title}}.\nMeld ze klaar, geblokkeerd of draag ze over in de app: {{link}}',
      sms: 'Uw actie vervalt vandaag: {{title}}. {{link}}',
    },
    'action-due-referent': {
      subject: 'Een actie van uw dossier vervalt vandaag',
      text: 'Als contactpersoon volgt u deze actie. Ze vervalt vandaag, {{dueDate}}: {{title}}.\nBekijk ze in de app: {{link}}',
      sms: 'Een actie die u als contactpersoon volgt, vervalt vandaag: {{title}}. {{link}}',
    },
    'action-escalated': {
      subject: 'Een actie is te laat',
      text: 'Een actie van uw dossier is te laat. Ze verviel op {{dueDate}}: {{title}}.\nNeem ze alstublieft op: {{link}}',
      sms: 'Te late actie in uw dossier, verviel op {{dueDate}}: {{title}}. {{link}}',
    },
    'action-no-owner': {
      subject: 'De verantwoordelijke van een actie is onbereikbaar',
      text: 'We kunnen de verantwoordelijke van deze actie niet bereiken: {{title}}.\nTen laatste op {{dueDate}}.\nVerwittig hem of haar zelf: {{link}}',
      sms: 'Verantwoordelijke onbereikbaar voor een actie van {{dueDate}}: {{title}}. {{link}}',
    },
  },
};

/** The controlled blockers (R23) in words, for the coordinator and the referent. */
export const BLOCKER_REASON_TEXTS: Record<ServedLanguage, Record<BlockerReasonV1, string>> = {
  en: {
    'service-saturated': 'the service is full',
    'refused-by-service': 'a service refused the person',
    'no-place-or-bed': 'there is no place or bed',
    'administrative-delay': 'an administrative delay',
    'no-transport': 'there is no transport',
    language: 'a language barrier',
  },
  fr: {
    'service-saturated': 'le service est saturé',
    'refused-by-service': 'un service a refusé la personne',
    'no-place-or-bed': 'il n’y a pas de place ni de lit',
    'administrative-delay': 'un retard administratif',
    'no-transport': 'il n’y a pas de transport',
    language: 'une barrière de langue',
  },
  nl: {
    'service-saturated': 'de dienst is volzet',
    'refused-by-service': 'een dienst weigerde de persoon',
    'no-place-or-bed': 'er is geen plaats of bed',
    'administrative-delay': 'een administratieve vertraging',
    'no-transport': 'er is geen vervoer',
    language: 'een taalbarrière',
  },
};
