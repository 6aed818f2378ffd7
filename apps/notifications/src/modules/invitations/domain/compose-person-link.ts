import { formatDate } from '#concerto/ddd';
import type { ServedLanguage } from './language.js';

export type PersonLinkChannel = 'email' | 'sms' | 'letter';

/** E-mail when there is an address, else a text message, else a letter the coordinator prints (R31: nobody is left out). */
export function personLinkChannel(contact: { email?: string; phone?: string }): PersonLinkChannel {
  return contact.email ? 'email' : contact.phone ? 'sms' : 'letter';
}

export interface PersonLinkInput {
  recipientName: string;
  /** The person themselves, or a close one (a relative, their legal representative). */
  forPerson: boolean;
  url: string;
  expiresAt: Date;
  phone?: string;
}

export interface PersonLinkText {
  language: ServedLanguage;
  subject: string;
  /** The e-mail body and the letter's text alike. */
  text: string;
  sms: string;
}

interface Texts {
  subject: string;
  hello: (name: string) => string;
  intro: (forPerson: boolean) => string;
  onPage: string;
  what: (forPerson: boolean) => string[];
  until: (date: string) => string;
  keep: string;
  call: (phone: string) => string;
  sms: (url: string, date: string) => string;
}

// Easy-read (R31): short sentences, one idea each, the link on a line of its own.
const TEXTS: Record<ServedLanguage, Texts> = {
  fr: {
    subject: 'Votre page personnelle',
    hello: (name) => `Bonjour ${name},`,
    intro: (p) => (p ? 'Voici le lien vers votre page personnelle.' : 'Voici le lien vers la page de votre proche.'),
    onPage: 'Sur cette page, vous voyez :',
    what: (p) => [
      '- qui aide' + (p ? ' ;' : ' votre proche ;'),
      '- la prochaine réunion ;',
      '- qui a lu le dossier.',
      ...(p ? ['Vous pouvez aussi retirer votre accord.'] : []),
    ],
    until: (date) => `Le lien marche jusqu’au ${date}.`,
    keep: 'Gardez ce lien pour vous. Ne le donnez pas à d’autres personnes.',
    call: (phone) => `Une question ? Appelez le ${phone}.`,
    sms: (url, date) => `Concerto : votre page ${url} (jusqu’au ${date})`,
  },
  nl: {
    subject: 'Uw eigen pagina',
    hello: (name) => `Dag ${name},`,
    intro: (p) => (p ? 'Hier is de link naar uw eigen pagina.' : 'Hier is de link naar de pagina van uw naaste.'),
    onPage: 'Op deze pagina ziet u:',
    what: (p) => [
      '- wie' + (p ? ' u helpt;' : ' uw naaste helpt;'),
      '- het volgende overleg;',
      '- wie het dossier gelezen heeft.',
      ...(p ? ['U kunt er ook uw toestemming intrekken.'] : []),
    ],
    until: (date) => `De link werkt tot ${date}.`,
    keep: 'Houd deze link voor uzelf. Geef hem niet aan anderen.',
    call: (phone) => `Een vraag? Bel ${phone}.`,
    sms: (url, date) => `Concerto: uw pagina ${url} (tot ${date})`,
  },
  en: {
    subject: 'Your own page',
    hello: (name) => `Hello ${name},`,
    intro: (p) => (p ? 'Here is the link to your own page.' : 'Here is the link to the page of your close one.'),
    onPage: 'On this page you see:',
    what: (p) => [
      '- who' + (p ? ' helps you;' : ' helps your close one;'),
      '- the next meeting;',
      '- who read the file.',
      ...(p ? ['You can also take back your consent there.'] : []),
    ],
    until: (date) => `The link works until ${date}.`,
    keep: 'Keep this link for yourself. Do not give it to other people.',
    call: (phone) => `A question? Call ${phone}.`,
    sms: (url, date) => `Concerto: your page ${url} (until ${date})`,
  },
};

/** The message that carries the person's own link, in easy-read, in one language. */
export function composePersonLink(input: PersonLinkInput, language: ServedLanguage): PersonLinkText {
  const t = TEXTS[language];
  const date = formatDate(input.expiresAt, language);
  const text = [
    t.hello(input.recipientName),
    '',
    t.intro(input.forPerson),
    '',
    input.url,
    '',
    t.onPage,
    ...t.what(input.forPerson),
    '',
    t.until(date),
    t.keep,
    ...(input.phone ? ['', t.call(input.phone)] : []),
  ].join('\n');
  return { language, subject: t.subject, text, sms: t.sms(input.url, date) };
}
