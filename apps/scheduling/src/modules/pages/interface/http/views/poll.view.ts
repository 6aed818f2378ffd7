import type { PollPage } from '../../../application/queries/get-poll-page/get-poll-page.query.js';
import { html } from './html.js';
import { brusselsDateTime, brusselsTime, type PageLanguage } from './languages.js';
import { whoToCall } from './invitee.view.js';
import { layout } from './layout.js';
import { TEXTS } from './texts.js';

const CHOICES = ['yes', 'if-need-be', 'no'] as const;

/** The date poll's page: one group of three radio buttons per proposed date, one submit button. */
export function pollPage(
  lang: PageLanguage,
  page: PollPage,
  options: { error?: boolean; saved?: boolean } = {},
): string {
  const t = TEXTS[lang];
  const label = { yes: t.yes, 'if-need-be': t.ifNeedBe, no: t.no };
  const given = page.poll.answers;
  const body = html`<h1>${t.pollTitle}</h1>
    ${
      options.saved || given
        ? html`<div class="card ok" role="status">
            <p><strong>${t.pollThanks}</strong></p>
          </div>`
        : html`<p class="muted">${t.nothingYet}</p>`
    }
    <p>${t.pollIntro}</p>
    <p>${t.pollClosesAt(brusselsDateTime(lang, page.poll.closesAt))}</p>
    ${options.error ? html`<p class="error" role="alert">${t.pollMissing}</p>` : ''}
    <form method="post" action="?lang=${lang}">
      ${page.poll.options.map(
        (o, k) =>
          html`<fieldset>
            <legend>
              <time datetime="${o.start}">${brusselsDateTime(lang, o.start)}</time> – ${brusselsTime(lang, o.end)}
            </legend>
            ${CHOICES.map(
              (c) =>
                html`<label
                  ><input
                    type="radio"
                    name="option${k}"
                    value="${c}"
                    ${given?.[k] === c ? html` checked` : ''}
                    required
                  />
                  ${label[c]}</label
                >`,
            )}
          </fieldset>`,
      )}
      <button type="submit">${t.sendPoll}</button>
    </form>
    ${whoToCall(t, page.organizer)}`;
  return layout(lang, t.pollTitle, body);
}
