import { DATE_LOCALE, type ServedLanguage } from '../domain/language.js';
import { BRUSSELS_TZ } from '#concerto/ddd';
import { keyDigest } from './key-digest.js';
import type { LetterContent, LetterRenderer, RenderedLetter } from '../domain/ports.js';

const PLACE: Record<ServedLanguage, string> = { fr: 'Bruxelles, le', nl: 'Brussel,', en: 'Brussels,' };
const FROM: Record<ServedLanguage, string> = { fr: 'De la part de', nl: 'Van', en: 'From' };

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function letterDate(date: Date, language: ServedLanguage): string {
  const d = new Intl.DateTimeFormat(DATE_LOCALE[language], {
    timeZone: BRUSSELS_TZ,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(date);
  return `${PLACE[language]} ${d}`;
}

/**
 * A printable letter (one A4 page of simple HTML) for a person without e-mail or mobile phone,
 * in their language. Easy-to-read layout for the person and family: large sans-serif type,
 * left-aligned short lines, plenty of space, no links; the address sits where a Belgian window
 * envelope shows it. The browser's "Print" is enough: no PDF engine needed.
 */
export class HtmlLetterRenderer implements LetterRenderer {
  render(letter: LetterContent): RenderedLetter {
    const easy = letter.register === 'easy-read';
    const sender = [
      letter.sender.name,
      letter.sender.organisation,
      ...(letter.sender.addressLines ?? []),
      letter.sender.phone,
    ].filter((l): l is string => !!l);
    const address = [letter.recipientName, ...(letter.postalAddress?.lines ?? [])];
    const paragraphs: string[][] = [[]];
    for (const line of letter.lines) {
      if (line.trim() === '') {
        paragraphs.push([]);
      } else {
        paragraphs[paragraphs.length - 1].push(line);
      }
    }
    const body = paragraphs
      .filter((p) => p.length > 0)
      .map((p) => `<p>${p.map(escapeHtml).join('<br>\n')}</p>`)
      .join('\n');
    const html = `<!DOCTYPE html>
<html lang="${letter.language}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(letter.subject)}</title>
<style>
  @page { size: A4; margin: 20mm 20mm 20mm 25mm; }
  body { font-family: Arial, Helvetica, sans-serif; font-size: ${easy ? '14pt' : '11pt'}; line-height: 1.5; color: #000; max-width: 170mm; }
  .sender { font-size: ${easy ? '12pt' : '10pt'}; }
  .address { margin: 15mm 0 15mm 95mm; min-height: 30mm; }
  .date { margin-bottom: 10mm; }
  h1 { font-size: ${easy ? '16pt' : '12pt'}; margin: 0 0 8mm; }
  p { margin: 0 0 ${easy ? '6mm' : '4mm'}; text-align: left; }
</style>
</head>
<body>
<div class="sender">${FROM[letter.language]}:<br>${sender.map(escapeHtml).join('<br>')}</div>
<div class="address">${address.map(escapeHtml).join('<br>')}</div>
<div class="date">${escapeHtml(letterDate(letter.date, letter.language))}</div>
<h1>${escapeHtml(letter.subject)}</h1>
${body}
</body>
</html>
`;
    return {
      idempotencyKey: letter.idempotencyKey,
      contentType: 'text/html; charset=utf-8',
      filename: `letter-${keyDigest(letter.idempotencyKey)}.html`,
      body: html,
    };
  }

  /** The same letter as plain text, e.g. for the coordinator to read out on the phone. */
  renderText(letter: LetterContent): RenderedLetter {
    const text = [letterDate(letter.date, letter.language), '', letter.subject, '', ...letter.lines, ''].join('\n');
    return {
      idempotencyKey: letter.idempotencyKey,
      contentType: 'text/plain; charset=utf-8',
      filename: `letter-${keyDigest(letter.idempotencyKey)}.txt`,
      body: text,
    };
  }
}
