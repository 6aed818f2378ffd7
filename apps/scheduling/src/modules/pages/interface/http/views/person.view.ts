import type {
  PersonPage,
  PersonPageActor,
} from '../../../application/queries/get-person-page/get-person-page.query.js';
import { html } from './html.js';
import { placeDetails } from './invitee.view.js';
import { brusselsDate, brusselsDateTime, brusselsTime, type PageLanguage } from './languages.js';
import { layout } from './layout.js';
import { TEXTS, type PageTexts } from './texts.js';

// The directory's role codes in plain words (easy-read: what the person would call them).
const ROLES: Record<PageLanguage, Record<string, string>> = {
  fr: {
    administrator: 'administrateur',
    'bassin-coordinator': 'coordinateur',
    'bassin-lead': 'responsable',
    'community-health-worker': 'relais santé',
    'cpas-social-worker': 'assistant social du CPAS',
    'cultural-mediator': 'médiateur',
    'general-practitioner': 'médecin de famille',
    'home-nurse': 'infirmier à domicile',
    'hospital-discharge-nurse': 'infirmier de l’hôpital',
    'hospital-social-worker': 'assistant social de l’hôpital',
    'hotline-operator': 'écoutant',
    'justice-assistant': 'assistant de justice',
    'mobile-crisis-team': 'équipe mobile',
    'mutuality-advisor': 'conseiller de la mutuelle',
    'peer-helper': 'pair aidant',
    pharmacist: 'pharmacien',
    'police-liaison': 'policier de contact',
    'prison-social-worker': 'assistant social de la prison',
    'social-worker': 'assistant social',
    volunteer: 'bénévole',
  },
  nl: {
    administrator: 'beheerder',
    'bassin-coordinator': 'coördinator',
    'bassin-lead': 'verantwoordelijke',
    'community-health-worker': 'gezondheidswerker',
    'cpas-social-worker': 'maatschappelijk werker van het OCMW',
    'cultural-mediator': 'bemiddelaar',
    'general-practitioner': 'huisarts',
    'home-nurse': 'thuisverpleegkundige',
    'hospital-discharge-nurse': 'verpleegkundige van het ziekenhuis',
    'hospital-social-worker': 'maatschappelijk werker van het ziekenhuis',
    'hotline-operator': 'medewerker van de hulplijn',
    'justice-assistant': 'justitieassistent',
    'mobile-crisis-team': 'mobiel team',
    'mutuality-advisor': 'adviseur van het ziekenfonds',
    'peer-helper': 'ervaringsdeskundige',
    pharmacist: 'apotheker',
    'police-liaison': 'contactpersoon bij de politie',
    'prison-social-worker': 'maatschappelijk werker van de gevangenis',
    'social-worker': 'maatschappelijk werker',
    volunteer: 'vrijwilliger',
  },
  en: {
    administrator: 'administrator',
    'bassin-coordinator': 'coordinator',
    'bassin-lead': 'area lead',
    'community-health-worker': 'community health worker',
    'cpas-social-worker': 'CPAS social worker',
    'cultural-mediator': 'mediator',
    'general-practitioner': 'family doctor',
    'home-nurse': 'home nurse',
    'hospital-discharge-nurse': 'hospital nurse',
    'hospital-social-worker': 'hospital social worker',
    'hotline-operator': 'helpline worker',
    'justice-assistant': 'justice assistant',
    'mobile-crisis-team': 'mobile team',
    'mutuality-advisor': 'health insurance adviser',
    'peer-helper': 'peer helper',
    pharmacist: 'pharmacist',
    'police-liaison': 'police contact',
    'prison-social-worker': 'prison social worker',
    'social-worker': 'social worker',
    volunteer: 'volunteer',
  },
};

/** An organisation id as words: `bassin-sud` → "bassin Sud", `org-maison-medicale` → "maison medicale". */
function organisationName(id: string): string {
  const bassin = /^bassin-(.+)$/.exec(id);
  if (bassin) {
    return `bassin ${bassin[1].replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => `${dash}${c.toUpperCase()}`)}`;
  }
  return id.replace(/^org-/, '').replace(/-/g, ' ');
}

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
    case 'unknown':
      return t.actorUnknown;
    default: {
      const role = roleName(lang, actor.role);
      const org = actor.organisation ? ` ${OF[lang]} ${organisationName(actor.organisation)}` : '';
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
              <p>${page.nextMeeting.place}</p>
              ${placeDetails(t, page.nextMeeting)}`
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
                    ${page.team.map(
                      (p) =>
                        html`<li>
                          ${p.displayName ?? t.kinds[p.kind] ?? p.kind}${
                            p.role
                              ? html`,
                                ${roleName(lang, p.role)}${p.organisation ? html` ${OF[lang]} ${organisationName(p.organisation)}` : ''}`
                              : p.displayName && p.kind !== 'professional'
                                ? html`, ${t.kinds[p.kind] ?? p.kind}`
                                : ''
                          }
                        </li>`,
                    )}
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
              ${page.audit.map((a) => html`<li><time datetime="${a.at}">${t.auditLine(brusselsDate(lang, a.at), who(lang, t, a.actor), a.action, a.source)}</time>${a.times > 1 ? html` <span class="muted">(${t.times(a.times)})</span>` : ''}</li>`)}
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
