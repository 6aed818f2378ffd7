import type { InviteePage } from '../../../application/queries/get-invitee-page/get-invitee-page.query.js';
import { html } from './html.js';
import { brusselsDateTime, brusselsTime, type PageLanguage } from './languages.js';
import { layout } from './layout.js';
import { TEXTS, type PageTexts } from './texts.js';

/** The room's street address and its access, one short sentence each (easy-read). */
export function placeDetails(
  t: PageTexts,
  place: {
    address?: string;
    stepFree?: boolean;
    access?: { stepFree: boolean; lift: boolean; disabledParking: boolean };
  },
) {
  const stepFree = place.access?.stepFree ?? place.stepFree;
  return html`${place.address ? html`<p><span class="muted">${t.address}:</span> ${place.address}</p>` : ''}
  ${stepFree === true ? html`<p>${t.stepFree}</p>` : stepFree === false ? html`<p>${t.notStepFree}</p>` : ''}
  ${place.access?.lift ? html`<p>${t.lift}</p>` : ''}
  ${place.access?.disabledParking ? html`<p>${t.disabledParking}</p>` : ''}`;
}

export function whoToCall(t: PageTexts, organizer: { name?: string; phone?: string }) {
  return html`<section aria-labelledby="call">
    <h2 id="call">${t.whoToCall}</h2>
    <p>
      ${organizer.phone ? t.call(organizer.name ?? t.coordination, organizer.phone) : organizer.name ? t.callName(organizer.name) : t.callNoPhone}
    </p>
    ${organizer.phone ? html`<p><a href="tel:${organizer.phone.replace(/[^+\d]/g, '')}">${organizer.phone}</a></p>` : ''}
  </section>`;
}

/** The invitee's page: the meeting, the place, who else comes (as the consent allows), three buttons. */
export function inviteePage(lang: PageLanguage, page: InviteePage, error?: 'written-required'): string {
  const t = TEXTS[lang];
  const { info, place } = page;
  const answered = info.answered ? t.answered[info.answered] : undefined;
  const videoUrl = place.kind === 'video' && /^https:\/\/\S+$/.test(place.label) ? place.label : undefined;
  const formAction = `?lang=${lang}`;
  const primary = (action: string) => (page.action === action ? '' : 'secondary');
  const body = html`<h1>${t.inviteeTitle}</h1>
    ${
      answered
        ? html`<div class="card ok" role="status">
            <p><strong>${answered}</strong></p>
            <p>${t.changeAnswer}</p>
          </div>`
        : html`<p>${t.inviteeIntro}</p>
            <p class="muted">${t.nothingYet}</p>`
    }
    <section class="card" aria-labelledby="meeting">
      <h2 id="meeting">${t.when}</h2>
      <p>
        <time datetime="${info.meeting.start}">${brusselsDateTime(lang, info.meeting.start)}</time> –
        <time datetime="${info.meeting.end}">${brusselsTime(lang, info.meeting.end)}</time>
      </p>
      <h2>${t.where}</h2>
      <p>${videoUrl ? html`<a href="${videoUrl}">${t.videoLink}</a>` : place.label}</p>
      ${placeDetails(t, place)}
    </section>
    ${
      info.team
        ? html`<section aria-labelledby="team">
            <h2 id="team">${t.whoElse}</h2>
            <ul>
              ${info.team.map(
                (p) =>
                  html`<li>
                    ${p.displayName ? html`${p.displayName}${p.role ? html` (${p.role})` : ''}` : (t.kinds[p.kind] ?? p.kind)}
                  </li>`,
              )}
            </ul>
          </section>`
        : ''
    }
    ${
      info.person
        ? html`<section aria-labelledby="person">
            <h2 id="person">${info.person.displayName}</h2>
            <p>${info.person.phone ?? ''} ${info.person.email ?? ''}</p>
          </section>`
        : ''
    }
    <section aria-labelledby="answer">
      <h2 id="answer">${t.yourAnswer}</h2>
      <form method="post" action="${formAction}">
        <input type="hidden" name="choice" value="accept" /><button type="submit" class="${primary('accept')}">
          ${t.accept}
        </button>
      </form>
      <form method="post" action="${formAction}">
        <input type="hidden" name="choice" value="decline" /><button type="submit" class="${primary('decline')}">
          ${t.decline}
        </button>
      </form>
      <form method="post" action="${formAction}">
        <input type="hidden" name="choice" value="written-input" />
        <label for="writtenInput">${t.writtenLabel}</label>
        ${error === 'written-required' ? html`<p id="writtenInput-error" class="error">${t.writtenRequired}</p>` : ''}
        <textarea
          id="writtenInput"
          name="writtenInput"
          maxlength="4000"
          ${error === 'written-required' ? html` aria-invalid="true" aria-describedby="writtenInput-error"` : ''}
        ></textarea>
        <button type="submit" class="${primary('written-input')}">${t.sendWritten}</button>
      </form>
    </section>
    ${whoToCall(t, page.organizer)}`;
  return layout(lang, answered ?? t.inviteeTitle, body);
}
