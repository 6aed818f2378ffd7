import { formatDate, formatTime } from '#concerto/ddd';
import type { ServedLanguage } from './language.js';
import type { Register } from './meeting.js';
import { EN } from './templates/en.js';
import { FR } from './templates/fr.js';
import { NL } from './templates/nl.js';

/**
 * Message texts for invitations and their follow-ups, in French, Dutch and English, each in two
 * registers: professional, and easy-to-read for the person and their family or helpers (short
 * sentences, no unexplained acronyms, R31). Texts never carry the reason for the meeting or any
 * health information: only time, place, who to contact and how to answer.
 */

export const MESSAGE_KINDS = [
  'invitation',
  'update',
  'cancellation',
  'reminder-48h',
  'reminder-2h',
  'no-answer-reminder',
  'written-input-ack',
  'poll-invitation',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const REGISTERS = ['professional', 'easy-read'] as const;

export interface MessageTemplate {
  subject: string;
  /** E-mail (and letter) lines; a line whose optional placeholder has no value is left out. */
  body: readonly string[];
  /** Text-message lines, kept short. */
  sms: readonly string[];
}

export interface Snippets {
  /** SUMMARY of the calendar event. */
  calendarSummary: string;
  /** Added when the recipient's own language is not served and an interpreter is to be arranged. */
  interpreterNote: string;
  /** Letters have no links: how to answer instead. */
  answerByPhone: string;
  /**
   * DESCRIPTION of the calendar event: neutral, no answer link (a calendar entry is visible to
   * delegates and shared calendars, and answer links are bearer credentials).
   */
  calendarDescription: string;
}

export interface LanguageCatalogue {
  templates: Record<MessageKind, Record<Register, MessageTemplate>>;
  snippets: Record<Register, Snippets>;
}

export const CATALOGUE: Record<ServedLanguage, LanguageCatalogue> = { fr: FR, nl: NL, en: EN };

/** Every placeholder a template may use. None of them can carry health or case content. */
export const PLACEHOLDERS = [
  'recipientName',
  'date',
  'startTime',
  'endTime',
  'location',
  'locationAddress',
  'meetingLink',
  'organizerName',
  'organizerPhone',
  'organizerEmail',
  'acceptUrl',
  'declineUrl',
  'writtenInputUrl',
  'previousDate',
  'previousStartTime',
  'replyBy',
  'interpreterNote',
  'pollOptions',
  'pollUrl',
  'closesOn',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Placeholders that may be missing: the line that holds them is then dropped. The others must be given. */
export const OPTIONAL_PLACEHOLDERS: readonly Placeholder[] = [
  'locationAddress',
  'meetingLink',
  'organizerPhone',
  'organizerEmail',
  'acceptUrl',
  'declineUrl',
  'writtenInputUrl',
  'previousDate',
  'previousStartTime',
  'replyBy',
  'interpreterNote',
  'pollUrl',
];

export type TemplateVars = Partial<Record<Placeholder, string>>;

export interface RenderedMessage {
  subject: string;
  text: string;
  sms: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** The placeholder names used in a piece of template text. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

function fill(line: string, vars: TemplateVars): string | undefined {
  let dropped = false;
  const out = line.replace(PLACEHOLDER, (_, name: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      throw new Error(`Unknown placeholder {{${name}}}`);
    }
    const value = vars[name as Placeholder];
    if (value === undefined || value === '') {
      if ((OPTIONAL_PLACEHOLDERS as readonly string[]).includes(name)) {
        dropped = true;
        return '';
      }
      throw new Error(`Missing value for {{${name}}}`);
    }
    return value;
  });
  return dropped ? undefined : out;
}

function fillLines(lines: readonly string[], vars: TemplateVars): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const filled = fill(line, vars);
    if (filled === undefined) {
      continue;
    }
    // one blank line at most between paragraphs, none at the ends
    if (filled.trim() === '' && (out.length === 0 || out[out.length - 1].trim() === '')) {
      continue;
    }
    out.push(filled);
  }
  while (out.length > 0 && out[out.length - 1].trim() === '') {
    out.pop();
  }
  return out;
}

export function renderLines(lines: readonly string[], vars: TemplateVars): string[] {
  return fillLines(lines, vars);
}

/** Fills a snippet; its optional placeholders must have values (a snippet is one sentence, not a list of lines). */
export function renderSnippet(
  language: ServedLanguage,
  register: Register,
  name: keyof Snippets,
  vars: TemplateVars,
): string | undefined {
  return fill(CATALOGUE[language].snippets[register][name], vars);
}

export function templateFor(kind: MessageKind, register: Register, language: ServedLanguage): MessageTemplate {
  return CATALOGUE[language].templates[kind][register];
}

export function renderMessage(
  kind: MessageKind,
  register: Register,
  language: ServedLanguage,
  vars: TemplateVars,
): RenderedMessage {
  const t = templateFor(kind, register, language);
  const subject = fill(t.subject, vars);
  if (subject === undefined) {
    throw new Error(`The subject of ${kind} needs all its placeholders`);
  }
  return { subject, text: fillLines(t.body, vars).join('\n') + '\n', sms: fillLines(t.sms, vars).join('\n') };
}

/** Date and times of a meeting as shown in a message: recipient's language, Brussels time. */
export function meetingTimeVars(
  start: Date,
  end: Date,
  language: ServedLanguage,
): Pick<TemplateVars, 'date' | 'startTime' | 'endTime'> {
  return {
    date: formatDate(start, language),
    startTime: formatTime(start, language),
    endTime: formatTime(end, language),
  };
}

// ---------------------------------------------------------------------------------------------
// Plain-language checks, used by the template lint test and available to other person-facing texts.

/** Words that are written in capitals but are not acronyms needing an expansion. Keep it short. */
export const ACRONYM_ALLOW_LIST: readonly string[] = [];

const ACRONYM = /(?<![\p{L}\p{N}])(?=(?:[\p{N}]*\p{Lu}){2})[\p{Lu}\p{N}]{2,}(?![\p{L}\p{N}])/gu;

/**
 * Acronyms used without an expansion: a word of two or more capitals (e.g. "CPAS", "OCMW",
 * "RSVP") must, at its first use, be followed by its meaning in parentheses:
 * "CPAS (centre public d'action sociale)". Placeholders are ignored.
 */
export function unexplainedAcronyms(text: string, allow: readonly string[] = ACRONYM_ALLOW_LIST): string[] {
  const plain = text.replace(PLACEHOLDER, ' ');
  const explained = new Set<string>();
  const problems: string[] = [];
  for (const m of plain.matchAll(ACRONYM)) {
    const word = m[0];
    if (allow.includes(word) || explained.has(word)) {
      continue;
    }
    const after = plain.slice((m.index ?? 0) + word.length);
    if (/^\s*\([^)]{3,}\)/.test(after)) {
      explained.add(word);
    } else {
      problems.push(word);
    }
  }
  return problems;
}

/** Placeholder names that would smell of health or case content; no template may use one. */
export const FORBIDDEN_PLACEHOLDER =
  /health|sant[eé]|diagnos|medic|m[eé]dic|condition|illness|disease|treatment|therap|reason|motif|alert|risk|situation|case|dossier|problem|need|^writtenInput$|inputText|(?<!interpreter)notes?$/i;
