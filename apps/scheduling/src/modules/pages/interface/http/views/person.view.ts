import type {
  PersonPage,
  PersonPageActor,
} from '../../../application/queries/get-person-page/get-person-page.query.js';
import { html } from './html.js';
import { brusselsDate, brusselsDateTime, brusselsTime, type PageLanguage } from './languages.js';
import { layout } from './layout.js';
import { TEXTS, type PageTexts } from './texts.js';

const ROLES: Record<PageLanguage, Record<string, string>> = {
  fr: {
    'bassin-coordinator': 'coordinateur',
    'bassin-lead': 'responsable du bassin',
    gp: 'médecin traitant',
    'home-nurse': 'infirmier à domicile',
    'social-worker': 'assistant social',
    pharmacist: 'pharmacien',
    'hospital-nurse': 'infirmier de l’hôpital',
  },
  nl: {
    'bassin-coordinator': 'coördinator',
    'bassin-lead': 'verantwoordelijke van de regio',
    gp: 'huisarts',
    'home-nurse': 'thuisverpleegkundige',
    'social-worker': 'maatschappelijk werker',
    pharmacist: 'apotheker',
    'hospital-nurse': 'verpleegkundige van het ziekenhuis',
  },
  en: {
    'bassin-coordinator': 'coordinator',
    'bassin-lead': 'area lead',
    gp: 'family doctor',
    'home-nurse': 'home nurse',
    'social-worker': 'social worker',
    pharmacist: 'pharmacist',
    'hospital-nurse': 'hospital nurse',
  },
};

const OF: Record<PageLanguage, string> = { fr: 'de', nl: 'van', en: 'of' };

function roleName(lang: PageLanguage, role: string | undefined): string | undefined {
  return role ? (ROLES[lang][role] ?? role) : undefined;
}

function who(lang: PageLanguage, t: PageTexts, actor: PersonPageActor): string {
  switch (actor.kind) {
    case 'invitee':
      return t.actorInvitee;
    case 'personal-link':
      return t.actorLink;
    case 'system':
      return t.actorSystem;
    default: {
      const role = roleName(lang, actor.role);
      const org = actor.organisation ? ` ${OF[lang]} ${actor.organisation}` : '';
      return [actor.name ?? '?', role ? `${role}${org}` : undefined].filter(Boolean).join(', ');
    }
  }
}

/** The person's page, in easy-read: short sentences, one idea each, most important first. */
export function personPage(lang: PageLanguage, page: PersonPage, token: string, notice?: 'withdrawn'): string {
  const t = TEXTS[lang];
  const c = page.consent;
  const consentText =
    c.status === 'granted'
      ? t.consentGranted(brusselsDate(lang, c.recordedAt!))
      : c.status === 'revoked'
        ? t.consentRevoked(brusselsDate(lang, c.recordedAt!))
        : c.status === 'refused'
          ? t.consentRefused
          : c.status === 'emergency-exception'
            ? t.consentEmergency
            : t.consentNone;
  const body = html`<h1>${t.meTitle}</h1>
    ${
      notice === 'withdrawn'
        ? html`<div class="card ok" role="status">
            <p><strong>${t.withdrawn}</strong></p>
          </div>`
        : ''
    }
    ${page.greeting ? html`<p>${t.meHello(page.greeting)}</p>` : ''}
    <p>${t.meIntro}</p>
    <section aria-labelledby="next">
      <h2 id="next">${t.meNext}</h2>
      ${
        page.nextMeeting
          ? html`<p>
                <time datetime="${page.nextMeeting.start}">${brusselsDateTime(lang, page.nextMeeting.start)}</time> –
                ${brusselsTime(lang, page.nextMeeting.end)}
              </p>
              <p>${page.nextMeeting.place}</p>`
          : html`<p>${t.meNextNone}</p>`
      }
    </section>
    ${
      page.team
        ? html`<section aria-labelledby="team">
            <h2 id="team">${t.meTeam}</h2>
            ${
              page.team.length
                ? html`<ul>
                    ${page.team.map((p) => html`<li>${p.displayName ?? t.kinds[p.kind] ?? p.kind}${p.role ? html`, ${roleName(lang, p.role)}${p.organisation ? html` ${OF[lang]} ${p.organisation}` : ''}` : ''}</li>`)}
                  </ul>`
                : html`<p>${t.meTeamNone}</p>`
            }
          </section>`
        : ''
    }
    <section aria-labelledby="decided" id="decisions">
      <h2 id="decided">${t.meDecided}</h2>
      ${
        page.decisions.length
          ? html`<ul>
              ${page.decisions.map((d) => html`<li>${d}</li>`)}
            </ul>`
          : html`<p>${t.meDecidedNone}</p>`
      }
    </section>
    <section aria-labelledby="audit">
      <h2 id="audit">${t.meAudit}</h2>
      ${
        page.audit.length
          ? html`<ul>
              ${page.audit.map((a) => html`<li><time datetime="${a.at}">${t.auditLine(brusselsDate(lang, a.at), who(lang, t, a.actor), a.action)}</time>${a.times > 1 ? html` <span class="muted">(${t.times(a.times)})</span>` : ''}</li>`)}
            </ul>`
          : html`<p>${t.meAuditNone}</p>`
      }
    </section>
    <section aria-labelledby="consent">
      <h2 id="consent">${t.meConsent}</h2>
      <p>${consentText}</p>
      ${page.mayWithdraw ? html`<p><a href="${encodeURIComponent(token)}/withdraw?lang=${lang}">${t.withdraw}</a></p>` : ''}
    </section>`;
  return layout(lang, t.meTitle, body);
}

/** The confirmation step: GET shows it and changes nothing; only its button withdraws. */
export function withdrawPage(lang: PageLanguage, token: string): string {
  const t = TEXTS[lang];
  const body = html`<h1>${t.withdrawTitle}</h1>
    <p>${t.withdrawExplain}</p>
    <form method="post" action="?lang=${lang}"><button type="submit">${t.withdrawConfirm}</button></form>
    <p><a href="../${encodeURIComponent(token)}?lang=${lang}">${t.withdrawBack}</a></p>`;
  // One level deeper than the page (/me/<token>/withdraw): the stylesheet and language links say so.
  return layout(lang, t.withdrawTitle, body, { css: '../pages.css' });
}
