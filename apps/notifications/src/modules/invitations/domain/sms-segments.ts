/**
 * How many SMS segments a text costs. A text written only with the GSM 03.38 default alphabet is
 * sent in 7-bit encoding: 160 septets in one message, 153 per segment once it is split (the
 * concatenation header takes the rest); the characters of the extension table (€ [ ] { } \ ~ ^ |
 * and form feed) take two septets, and an escape pair is never split across segments. A single
 * character outside that alphabet switches the whole text to UCS-2: 70 UTF-16 units in one
 * message, 67 per segment, and a surrogate pair is never split either.
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'gsm-7' | 'ucs-2';

export interface SmsSegments {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) {
    if (!BASIC.has(ch) && !EXTENSION.has(ch)) {
      return false;
    }
  }
  return true;
}

/** Greedy split into segments of `perSegment` units, never cutting an indivisible character. */
function split(widths: readonly number[], single: number, perSegment: number): number {
  const total = widths.reduce((a, b) => a + b, 0);
  if (total <= single) {
    return 1;
  }
  let segments = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > perSegment) {
      segments += 1;
      used = 0;
    }
    used += w;
  }
  return segments;
}

export function smsSegments(text: string): SmsSegments {
  const chars = [...text];
  if (isGsm7(text)) {
    const widths = chars.map((ch) => (EXTENSION.has(ch) ? 2 : 1));
    return { encoding: 'gsm-7', units: widths.reduce((a, b) => a + b, 0), segments: split(widths, 160, 153) };
  }
  const widths = chars.map((ch) => ch.length);
  return { encoding: 'ucs-2', units: text.length, segments: split(widths, 70, 67) };
}

/** Typographic characters with a plain GSM-7 spelling. */
const REPLACEMENTS: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2039': "'",
  '\u203A': "'",
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u202F': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u200A': ' ',
  '\u00E7': 'c',
  '\u0152': 'OE',
  '\u0153': 'oe',
  '\u00C6': 'Æ',
  '\t': ' ',
};

/**
 * The same text in the GSM-7 alphabet where a faithful spelling exists: typographic quotes,
 * dashes and spaces become plain ones, and letters the alphabet lacks lose their accent
 * (ê → e, ç → c, ï → i), while those it has keep it (é, è, à, ù, ä, ö, ü, ñ). Characters without
 * a spelling (e.g. a name in another script) stay as they are: that text goes out in UCS-2,
 * which is still right, only dearer. For text messages only: e-mails keep their typography.
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const ch of text) {
    if (BASIC.has(ch) || EXTENSION.has(ch)) {
      out += ch;
      continue;
    }
    const replaced = REPLACEMENTS[ch];
    if (replaced !== undefined) {
      out += replaced;
      continue;
    }
    const stripped = ch.normalize('NFD').replace(/\p{M}+/gu, '');
    out += stripped !== ch && isGsm7(stripped) ? stripped : ch;
  }
  return out;
}
